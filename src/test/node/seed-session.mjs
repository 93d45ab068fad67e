// The seed's JavaScript session, unchanged apart from the auth token, run with one Socket.IO transport setting.
// Usage: node seed-session.mjs <server-url> <token> <polling|upgrade|websocket>
// Prints one JSON line per received event, then {"done": true}; exits non-zero on failure.
import { io } from 'socket.io-client';

const [url, token, mode] = process.argv.slice(2);
const transports = { polling: ['polling'], upgrade: ['polling', 'websocket'], websocket: ['websocket'] }[mode];
if (!transports) {
  console.error(`unknown transport mode ${mode}`);
  process.exit(2);
}

const print = (value) => console.log(JSON.stringify(value));
const fail = (why) => {
  console.error(why);
  process.exit(1);
};
setTimeout(() => fail('timed out'), 20000).unref();

// A connection without the token must be refused.
const intruder = io(url, { transports, reconnection: false, auth: {} });
intruder.on('connect', () => fail('connected without a token'));
intruder.on('connect_error', (err) => {
  print({ event: 'refused_without_token', message: err.message });
  intruder.close();
  runSession();
});

function runSession() {
  const socket = io(url, { transports, reconnection: false, auth: { token } });
  let sawBusy = false;
  let finished = false;

  socket.on('connect_error', (err) => fail(`connect_error: ${err.message}`));
  socket.on('connect', () => {
    print({ event: 'connect' });
    // The seed's calls: emit send_message, listen for agent_response and agent_status.
    socket.emit('send_message', { agent_id: 1, message: 'Hello, can you help me?' }, (ack) =>
      print({ event: 'ack', data: ack }),
    );
  });
  socket.on('agent_status', (data) => {
    print({ event: 'agent_status', data });
    if (data.status === 'busy') sawBusy = true;
    if (data.status === 'idle' && sawBusy) {
      print({ event: 'transport', name: socket.io.engine.transport.name });
      finished = true;
      socket.close();
      print({ done: true });
      process.exit(0);
    }
  });
  socket.on('agent_token', (data) => print({ event: 'agent_token', data }));
  socket.on('agent_response', (data) => {
    print({ event: 'agent_response', data });
    console.error(`Agent ${data.agent_name}: ${data.message}`);
  });
  socket.on('error', (data) => print({ event: 'error', data }));
  // Without reconnection a closed socket leaves nothing to wait for; say so instead of exiting quietly.
  socket.on('disconnect', (reason) => finished || fail(`disconnected before the session ended: ${reason}`));
}
