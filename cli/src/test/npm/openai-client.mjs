// Drives a running `mnemos serve` with the official openai client, unchanged but for baseURL and apiKey.
// Usage: node openai-client.mjs BASE_URL API_KEY; prints one JSON object with what the server answered.
import OpenAI from 'openai';

const [baseURL, apiKey] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 170_000 });

const models = await client.models.list();
const chatModel = models.data[0].id;

const completion = await client.chat.completions.create({
  model: chatModel,
  messages: [{ role: 'system', content: 'You tell short stories.' }, { role: 'user', content: 'Once upon a time' }],
  max_tokens: 16,
  temperature: 0,
});

const stream = await client.chat.completions.create({
  model: chatModel,
  messages: [{ role: 'system', content: 'You tell short stories.' }, { role: 'user', content: 'Once upon a time' }],
  max_tokens: 16,
  temperature: 0,
  stream: true,
});
const deltas = [];
let finish = null;
for await (const chunk of stream) {
  const choice = chunk.choices[0];
  if (choice.delta.content) deltas.push(choice.delta.content);
  if (choice.finish_reason) finish = choice.finish_reason;
}

const embeddings = await client.embeddings.create({ model: 'all-minilm-l6-v2-q', input: ['a cat on a mat', 'quarterly revenue'] });
const floats = await client.embeddings.create({ model: 'all-minilm-l6-v2-q', input: 'a cat on a mat', encoding_format: 'float' });

let refused = null;
try {
  await new OpenAI({ baseURL, apiKey: 'wrong', maxRetries: 0 }).models.list();
} catch (e) {
  refused = { status: e.status, message: e.message };
}

console.log(JSON.stringify({
  models: models.data.map(m => m.id),
  completion: { text: completion.choices[0].message.content, finish: completion.choices[0].finish_reason, usage: completion.usage },
  stream: { deltas: deltas.length, text: deltas.join(''), finish },
  embeddings: { count: embeddings.data.length, dimensions: embeddings.data[0].embedding.length,
                sameAsFloat: Math.abs(embeddings.data[0].embedding[0] - floats.data[0].embedding[0]) < 1e-6 },
  refused,
}));
