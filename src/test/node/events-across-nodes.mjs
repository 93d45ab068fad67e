// Two nodes sharing one database, a client on each: connects socket.io-client to node A and to node B, posts a task
// to node B, and prints every task_update and agent_status about that task that reaches either client, with the
// node it reached, until both clients heard that it succeeded. Whichever node ran it, one client heard it from afar.
// Usage: node events-across-nodes.mjs <url-a> <token-a> <url-b> <token-b>
// Prints one JSON line per event, then {"done": true}; exits non-zero on failure.
import { io } from 'socket.io-client';

const [urlA, tokenA, urlB, tokenB] = process.argv.slice(2);
const print = (value) => console.log(JSON.stringify(value));
const fail = (why) => {
  console.error(why);
  process.exit(1);
};
setTimeout(() => fail('timed out'), 45000).unref();

let taskId = null;
let posted = false;
const early = [];
const finished = new Set();
const sockets = { a: connect('a', urlA, tokenA), b: connect('b', urlB, tokenB) };

function connect(node, url, token) {
  const socket = io(url, { transports: ['websocket'], reconnection: false, auth: { token } });
  socket.on('connect_error', (err) => fail(`connect_error on ${node}: ${err.message}`));
  socket.on('task_update', (data) => heard(node, 'task_update', data));
  socket.on('agent_status', (data) => heard(node, 'agent_status', data));
  socket.on('connect', started);
  return socket;
}

function heard(node, event, data) {
  if (taskId === null) {
    early.push({ node, event, data }); // events can arrive before the POST returns the task's id
    return;
  }
  report(node, event, data);
}

function report(node, event, data) {
  const id = event === 'task_update' ? data.task.task_id : data.task_id;
  if (id !== taskId) return;
  print({ node, event, data });
  if (event === 'task_update' && data.task.status === 'succeeded') {
    finished.add(node);
    if (finished.size === 2) {
      Object.values(sockets).forEach((socket) => socket.close());
      print({ done: true });
      process.exit(0);
    }
  }
}

async function started() {
  if (!sockets.a?.connected || !sockets.b?.connected || posted) return;
  posted = true;
  const response = await fetch(`${urlB}/api/agents/task`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tokenB}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ task: 'work seen from afar', mode: 'direct' }),
  });
  if (response.status !== 202) fail(`task refused: ${response.status} ${await response.text()}`);
  const accepted = await response.json();
  taskId = accepted.task_id;
  print({ event: 'accepted', data: accepted });
  early.splice(0).forEach(({ node, event, data }) => report(node, event, data));
}
