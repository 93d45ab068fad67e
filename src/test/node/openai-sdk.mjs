// The official openai npm package pointed at AgentDeck: list models, then a plain and a streaming completion.
// Usage: node openai-sdk.mjs <base-url ending in /v1> <token>
import OpenAI from 'openai';

const [baseURL, apiKey] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 20000 });
const print = (value) => console.log(JSON.stringify(value));

try {
  const models = await client.models.list();
  print({ step: 'models', ids: models.data.map((m) => m.id) });

  const plain = await client.chat.completions.create({
    model: 'generator',
    messages: [
      { role: 'system', content: 'Answer briefly.' },
      { role: 'user', content: 'Say hello' },
    ],
  });
  print({ step: 'plain', content: plain.choices[0].message.content, usage: plain.usage, object: plain.object });

  const stream = await client.chat.completions.create({
    model: 'driver',
    messages: [{ role: 'user', content: 'Stream a plan' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  let chunks = 0;
  let usage = null;
  for await (const chunk of stream) {
    chunks += 1;
    text += chunk.choices[0]?.delta?.content ?? '';
    if (chunk.usage) usage = chunk.usage;
  }
  print({ step: 'stream', content: text, chunks, usage });

  try {
    await new OpenAI({ baseURL, apiKey: 'wrong-token', maxRetries: 0 }).models.list();
    print({ step: 'bad-key', status: 200 });
  } catch (err) {
    print({ step: 'bad-key', status: err.status });
  }
  print({ done: true });
} catch (err) {
  console.error(`failed: ${err.status ?? ''} ${err.message}`);
  process.exit(1);
}
