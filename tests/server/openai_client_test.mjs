// The official `openai` package against `hearth-cli serve` (started by openai_client_test.sh).
// Every check uses the SDK's own types and error classes; expected values come from the
// protocol (OpenAI's shapes, status codes) and from the server's other answers (tokenize,
// a greedy run without stop), never from a recorded Hearth output.
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(process.env.NODE_PATH + "/");
const OpenAI = require("openai").default ?? require("openai");

const baseURL = process.env.HEARTH_URL + "/v1";
const apiKey = process.env.HEARTH_KEY;
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 60_000 });
const prompt = "Once upon a time";
let failures = 0;

async function check(name, fn) {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}\n     ${e && e.stack ? e.stack : e}`);
  }
}

async function collect(stream) {
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  return chunks;
}

await check("models.list names the served model", async () => {
  const models = await client.models.list();
  assert.equal(models.data.length, 1);
  assert.equal(models.data[0].object, "model");
  assert.match(models.data[0].id, /stories260K/);
});

await check("chat completion, not streamed", async () => {
  const r = await client.chat.completions.create({ model: "x", messages: [{ role: "user", content: "Tell a story" }], max_tokens: 16, seed: 1 });
  assert.equal(r.object, "chat.completion");
  assert.match(r.id, /^chatcmpl-/);
  assert.equal(r.choices.length, 1);
  assert.equal(r.choices[0].message.role, "assistant");
  assert.equal(typeof r.choices[0].message.content, "string");
  assert.ok(["stop", "length"].includes(r.choices[0].finish_reason));
  assert.equal(r.usage.total_tokens, r.usage.prompt_tokens + r.usage.completion_tokens);
  assert.ok(r.usage.completion_tokens <= 16);
});

await check("chat completion, streamed: one id, role first, finish_reason last, usage chunk", async () => {
  const stream = await client.chat.completions.create({
    model: "x", messages: [{ role: "user", content: "Tell a story" }], max_tokens: 12, seed: 2, stream: true,
    stream_options: { include_usage: true },
  });
  const chunks = await collect(stream);
  assert.ok(chunks.length >= 3);
  assert.equal(new Set(chunks.map(c => c.id)).size, 1);
  assert.ok(chunks.every(c => c.object === "chat.completion.chunk"));
  assert.equal(chunks[0].choices[0].delta.role, "assistant");
  const withChoices = chunks.filter(c => c.choices.length > 0);
  const last = withChoices[withChoices.length - 1];
  assert.ok(["stop", "length"].includes(last.choices[0].finish_reason));
  assert.ok(withChoices.slice(0, -1).every(c => c.choices[0].finish_reason === null));
  const usage = chunks[chunks.length - 1];
  assert.deepEqual(usage.choices, []);
  const text = withChoices.map(c => c.choices[0].delta.content ?? "").join("");
  assert.equal(usage.usage.total_tokens, usage.usage.prompt_tokens + usage.usage.completion_tokens);
  assert.ok(usage.usage.completion_tokens <= 12);
  assert.ok(text.length > 0);
});

await check("the SDK's strict stream helper accepts the stream", async () => {
  const runner = client.chat.completions.stream({ model: "x", messages: [{ role: "user", content: "Hi" }], max_tokens: 8 });
  const final = await runner.finalChatCompletion();
  assert.equal(final.choices[0].message.role, "assistant");
  assert.ok(["stop", "length"].includes(final.choices[0].finish_reason));
});

await check("text completion, not streamed; usage.prompt_tokens matches /tokenize", async () => {
  const r = await client.completions.create({ model: "x", prompt, max_tokens: 5, temperature: 0 });
  assert.equal(r.object, "text_completion");
  assert.equal(r.choices[0].finish_reason, "length");
  assert.equal(r.usage.completion_tokens, 5);
  const tok = await (await fetch(process.env.HEARTH_URL + "/tokenize", {
    method: "POST", headers: { Authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ content: prompt, add_special: true }),
  })).json();
  assert.equal(r.usage.prompt_tokens, tok.tokens.length);
});

await check("text completion, streamed, equals the non-streamed greedy answer", async () => {
  const whole = await client.completions.create({ model: "x", prompt, max_tokens: 24, temperature: 0 });
  const chunks = await collect(await client.completions.create({ model: "x", prompt, max_tokens: 24, temperature: 0, stream: true }));
  assert.equal(new Set(chunks.map(c => c.id)).size, 1);
  assert.equal(chunks.map(c => c.choices[0]?.text ?? "").join(""), whole.choices[0].text);
  assert.equal(chunks[chunks.length - 1].choices[0].finish_reason, "length");
});

await check("max_completion_tokens is honoured", async () => {
  const r = await client.chat.completions.create({ model: "x", messages: [{ role: "user", content: "Hi" }], max_completion_tokens: 3, temperature: 0 });
  assert.ok(r.usage.completion_tokens <= 3);
});

await check("stop: the answer ends just before the stop string", async () => {
  const free = (await client.completions.create({ model: "x", prompt, max_tokens: 40, temperature: 0 })).choices[0].text;
  const words = free.trim().split(/\s+/);
  assert.ok(words.length >= 4, `need a longer answer: ${JSON.stringify(free)}`);
  const stop = " " + words[3];
  const expected = free.slice(0, free.indexOf(stop));
  for (const stream of [false, true]) {
    const args = { model: "x", prompt, max_tokens: 40, temperature: 0, stop: [stop, "\u0000never"] };
    let text, finish;
    if (stream) {
      const chunks = await collect(await client.completions.create({ ...args, stream: true }));
      text = chunks.map(c => c.choices[0]?.text ?? "").join("");
      finish = chunks[chunks.length - 1].choices[0].finish_reason;
    } else {
      const r = await client.completions.create(args);
      text = r.choices[0].text;
      finish = r.choices[0].finish_reason;
    }
    assert.equal(text, expected, `stream=${stream}`);
    assert.equal(finish, "stop");
  }
});

await check("seed: the same seed gives the same sampled answer, other seeds differ", async () => {
  const ask = seed => client.completions.create({ model: "x", prompt, max_tokens: 24, temperature: 1.0, top_k: 0, top_p: 1, min_p: 0, seed })
    .then(r => r.choices[0].text);
  const a = await ask(42), b = await ask(42);
  assert.equal(a, b);
  const others = await Promise.all([1, 2, 3].map(ask));
  assert.ok(others.some(t => t !== a), "three other seeds all gave the seed-42 answer");
});

await check("a wrong API key is an AuthenticationError (401)", async () => {
  const bad = new OpenAI({ baseURL, apiKey: "wrong", maxRetries: 0 });
  await assert.rejects(bad.chat.completions.create({ model: "x", messages: [{ role: "user", content: "Hi" }] }), e => {
    assert.ok(e instanceof OpenAI.AuthenticationError, String(e));
    assert.equal(e.status, 401);
    assert.equal(e.type, "authentication_error");
    return true;
  });
});

await check("a prompt longer than the context is a BadRequestError with n_prompt_tokens and n_ctx", async () => {
  const long = "Once upon a time there was a little girl. ".repeat(120);
  await assert.rejects(client.completions.create({ model: "x", prompt: long, max_tokens: 4 }), e => {
    assert.ok(e instanceof OpenAI.BadRequestError, String(e));
    assert.equal(e.status, 400);
    assert.equal(e.type, "exceed_context_size_error");
    assert.equal(e.error.n_ctx, 512);
    assert.ok(e.error.n_prompt_tokens > 512);
    return true;
  });
});

await check("a body that is not JSON is a BadRequestError", async () => {
  // The SDK always sends valid JSON; a fetch that corrupts it makes the server see bad JSON.
  const corrupt = new OpenAI({ baseURL, apiKey, maxRetries: 0, fetch: (url, init) => fetch(url, { ...init, body: "{\"messages\": [" }) });
  await assert.rejects(corrupt.chat.completions.create({ model: "x", messages: [{ role: "user", content: "Hi" }] }), e => {
    assert.ok(e instanceof OpenAI.BadRequestError, String(e));
    assert.equal(e.type, "invalid_request_error");
    return true;
  });
});

await check("n other than 1 is a BadRequestError naming the field", async () => {
  await assert.rejects(client.chat.completions.create({ model: "x", messages: [{ role: "user", content: "Hi" }], n: 2 }), e => {
    assert.ok(e instanceof OpenAI.BadRequestError, String(e));
    assert.equal(e.param, "n");
    return true;
  });
});

await check("an aborted stream frees its session (metrics: nothing running)", async () => {
  const controller = new AbortController();
  const stream = await client.chat.completions.create(
    { model: "x", messages: [{ role: "user", content: "Tell a long story" }], stream: true, max_tokens: 400 },
    { signal: controller.signal });
  let n = 0;
  try {
    for await (const _ of stream) if (++n === 3) controller.abort();
  } catch (e) {
    assert.ok(e instanceof OpenAI.APIUserAbortError || e.name === "AbortError", String(e));
  }
  let running = -1;
  for (let i = 0; i < 50 && running !== 0; i++) {
    const text = await (await fetch(process.env.HEARTH_URL + "/metrics", { headers: { Authorization: `Bearer ${apiKey}` } })).text();
    running = Number(/^hearth_requests_processing (\S+)$/m.exec(text)[1]);
    if (running !== 0) await new Promise(r => setTimeout(r, 100));
  }
  assert.equal(running, 0);
});

if (failures) {
  console.log(`${failures} check(s) failed`);
  process.exit(1);
}
console.log("all checks passed");
