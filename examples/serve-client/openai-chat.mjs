// A client of `mnemos serve` in the official openai npm client, unchanged but for baseURL and apiKey:
// lists the served model, asks for a chat completion, then streams one and prints the deltas as they arrive.
//   cd examples/serve-client && npm ci && node openai-chat.mjs [BASE_URL]   (default http://127.0.0.1:8283/v1)
// With MNEMOS_API_KEY set, it is the bearer key.
import OpenAI from 'openai';

const baseURL = process.argv[2] ?? 'http://127.0.0.1:8283/v1';
const client = new OpenAI({ baseURL, apiKey: process.env.MNEMOS_API_KEY ?? 'none', maxRetries: 0 });
const messages = [{ role: 'user', content: 'Once upon a time' }];

const model = (await client.models.list()).data[0].id;
console.log(`model: ${model}`);

const completion = await client.chat.completions.create({ model, messages, max_tokens: 16, temperature: 0 });
console.log(`completion (${completion.usage.completion_tokens} tokens, ${completion.choices[0].finish_reason}): ${completion.choices[0].message.content}`);

const stream = await client.chat.completions.create({ model, messages, max_tokens: 16, temperature: 0, stream: true });
process.stdout.write('stream: ');
let chunks = 0;
for await (const chunk of stream) {
  const delta = chunk.choices[0]?.delta?.content;
  if (delta) {
    process.stdout.write(delta);
    chunks++;
  }
}
console.log(`\nstreamed ${chunks} chunks`);
