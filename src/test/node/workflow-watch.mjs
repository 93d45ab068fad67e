// Watches a Driver-led workflow with the seed's client library: connects with socket.io-client, posts a task as
// the seed's curl line does, and prints every workflow_update of that workflow until it ends.
// Usage: node workflow-watch.mjs <server-url> <token>
// Prints one JSON line per update, then {"done": true}; exits non-zero on failure.
import { io } from 'socket.io-client';

const [url, token] = process.argv.slice(2);
const print = (value) => console.log(JSON.stringify(value));
const fail = (why) => {
  console.error(why);
  process.exit(1);
};
setTimeout(() => fail('timed out'), 30000).unref();

const socket = io(url, { transports: ['websocket'], reconnection: false, auth: { token } });
let workflowId = null;
const early = [];

socket.on('connect_error', (err) => fail(`connect_error: ${err.message}`));
socket.on('workflow_update', (data) => {
  if (workflowId === null) {
    early.push(data); // updates can arrive before the POST returns the workflow's id
    return;
  }
  report(data);
});

function report(data) {
  if (data.workflow_id !== workflowId) return;
  print({ event: 'workflow_update', data });
  if (String(data.step) === '0' && ['succeeded', 'failed', 'stopped', 'cancelled'].includes(data.status)) {
    socket.close();
    print({ done: true });
    process.exit(0);
  }
}

socket.on('connect', async () => {
  const response = await fetch(`${url}/api/agents/task`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ task: 'Create a Python web API' }),
  });
  if (response.status !== 202) fail(`task refused: ${response.status} ${await response.text()}`);
  const accepted = await response.json();
  workflowId = accepted.workflow_id;
  print({ event: 'accepted', data: accepted });
  early.splice(0).forEach(report);
});
