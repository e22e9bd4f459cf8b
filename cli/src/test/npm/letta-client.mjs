// Drives a running `mnemos serve` with Letta's own TypeScript client, unchanged but for baseURL and apiKey.
// Usage: node letta-client.mjs BASE_URL API_KEY OTHER_ORGANISATION_KEY; prints one JSON object with what the server answered.
import Letta from '@letta-ai/letta-client';

const [baseURL, apiKey, otherKey] = process.argv.slice(2);
const client = new Letta({ baseURL, apiKey, maxRetries: 0, timeout: 170_000 });

const agent = await client.agents.create({
  name: 'letta-test',
  memory_blocks: [{ label: 'human', value: 'The human is called Ada.' }, { label: 'project', value: 'mnemos', limit: 500 }],
});
const listed = await client.agents.list();
const retrieved = await client.agents.retrieve(agent.id);

const blocks = await client.agents.blocks.list(agent.id);
const human = await client.agents.blocks.retrieve('human', { agent_id: agent.id });
const updated = await client.agents.blocks.update('human', { agent_id: agent.id, value: 'The human is called Ada Lovelace.' });

const inserted = await client.agents.passages.create(agent.id, { text: 'The cat sleeps on the warm windowsill.', tags: ['home'] });
await client.agents.passages.create(agent.id, { text: 'Quarterly revenue grew by twelve percent.' });
const found = await client.agents.passages.search(agent.id, { query: 'where does the kitten nap', top_k: 1 });
const passages = await client.agents.passages.list(agent.id, { search: 'money', limit: 1 });

const response = await client.agents.messages.create(agent.id, { messages: [{ role: 'user', content: 'Hello, I am Ada' }] });

// A second agent streams: stories260K's context (2,048 tokens) holds the MemGPT prompt and one exchange, not two.
const storyteller = await client.agents.create({ name: 'storyteller' });
const stream = await client.agents.messages.create(storyteller.id, {
  messages: [{ role: 'user', content: 'Tell me a story' }], streaming: true, stream_tokens: true,
});
const streamed = [];
for await (const chunk of stream) streamed.push(chunk.message_type);

const history = await client.agents.messages.list(agent.id, { order: 'asc' });

// Cursor pages: one message a page, forwards by `after` (the client follows the cursors itself), back by `before`.
const all = (await client.agents.messages.list(agent.id, { order: 'asc', limit: 1000 })).items.map(m => m.id);
const paged = [];
for await (const m of client.agents.messages.list(agent.id, { order: 'asc', limit: 1 })) paged.push(m.id);
const newestFirst = (await client.agents.messages.list(agent.id, { limit: 1000 })).items.map(m => m.id);
const second = await client.agents.messages.list(agent.id, { order: 'asc', after: all[0], limit: 1 });
const backToFirst = await client.agents.messages.list(agent.id, { order: 'asc', before: all[1], limit: 5 });
const olderThanNewest = await client.agents.messages.list(agent.id, { after: newestFirst[0], limit: 1 });

const renamed = await client.agents.update(agent.id, { name: 'letta-renamed', system: 'You are a terse test agent.' });
const reread = await client.agents.retrieve(agent.id);
const tools = [];
for await (const t of client.agents.tools.list(agent.id)) tools.push(t);

// The organisation's tools, and one taken out of an agent's table and put back.
const orgTools = [];
for await (const t of client.tools.list()) orgTools.push(t.name);
const sendTool = await client.tools.retrieve('tool-send_message');
let unknownTool = null;
try {
  await client.tools.retrieve('tool-no_such_tool');
} catch (e) {
  unknownTool = e.status;
}
const detached = await client.agents.tools.detach('tool-archival_memory_search', { agent_id: agent.id });
const withoutIt = [];
for await (const t of client.agents.tools.list(agent.id)) withoutIt.push(t.name);
await client.agents.tools.attach('tool-archival_memory_search', { agent_id: agent.id });
const withIt = [];
for await (const t of client.agents.tools.list(agent.id)) withIt.push(t.name);

// A message sent twice under one otid (a retry): stored and answered once, the repeat answered with no steps.
const retrier = await client.agents.create({ name: 'retrier' });
const once = { messages: [{ role: 'user', content: 'Hello from a retry', otid: 'retry-otid-1' }] };
const first = await client.agents.messages.create(retrier.id, once);
const again = await client.agents.messages.create(retrier.id, once);
const retried = (await client.agents.messages.list(retrier.id, { order: 'asc', limit: 1000 })).items
  .filter(m => m.message_type === 'user_message').length;
await client.agents.delete(retrier.id);

await client.agents.passages.delete(inserted[0].id, { agent_id: agent.id });
const afterDelete = await client.agents.passages.list(agent.id, { search: 'cat or revenue', limit: 10 });
let deletedTwice = null;
try {
  await client.agents.passages.delete(inserted[0].id, { agent_id: agent.id });
} catch (e) {
  deletedTwice = e.status;
}

let otherOrg = null;
try {
  await new Letta({ baseURL, apiKey: otherKey, maxRetries: 0 }).agents.retrieve(agent.id);
} catch (e) {
  otherOrg = e.status;
}
let noKey = null;
try {
  await new Letta({ baseURL, apiKey: 'wrong', maxRetries: 0 }).agents.list();
} catch (e) {
  noKey = e.status;
}

await client.agents.delete(storyteller.id);
await client.agents.delete(agent.id);
let deleted = null;
try {
  await client.agents.retrieve(agent.id);
} catch (e) {
  deleted = e.status;
}

console.log(JSON.stringify({
  agent: { id: agent.id, name: agent.name, listed: listed.items ? listed.items.some(a => a.id === agent.id) : listed.some(a => a.id === agent.id),
           retrieved: retrieved.name, blocks: agent.memory.blocks.map(b => b.label).sort() },
  blocks: { labels: (blocks.items ?? blocks).map(b => b.label).sort(), human: human.value, updated: updated.value },
  passages: { inserted: inserted.length, found: found.results[0]?.content, listed: passages.map(p => p.text) },
  response: { types: response.messages.map(m => m.message_type), stop: response.stop_reason.stop_reason, steps: response.usage.step_count,
              text: response.messages.find(m => m.message_type === 'assistant_message')?.content },
  streamed,
  history: history.items ? history.items.map(m => m.message_type) : history.map(m => m.message_type),
  pages: { all, paged, newestFirst, second: second.items.map(m => m.id), backToFirst: backToFirst.items.map(m => m.id),
           olderThanNewest: olderThanNewest.items.map(m => m.id) },
  updated: { name: renamed.name, system: renamed.system, reread: reread.name },
  tools: tools.map(t => ({ name: t.name, type: t.tool_type, parameters: Object.keys(t.json_schema?.parameters?.properties ?? {}) })),
  orgTools: { names: orgTools, send: sendTool.name, unknown: unknownTool, detachedFrom: detached.id, withoutIt, withIt },
  otid: { first: first.messages.map(m => m.message_type), firstStop: first.stop_reason.stop_reason,
          again: again.messages.map(m => m.message_type), againStop: again.stop_reason.stop_reason, userMessages: retried },
  passageDelete: { left: afterDelete.map(p => p.text), again: deletedTwice },
  otherOrg, noKey, deleted,
}));
