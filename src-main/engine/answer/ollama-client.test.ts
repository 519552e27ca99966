import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LLM_DEFAULTS } from '#shared/api';
import { OllamaClient } from './ollama-client.js';

/** A loopback service that redirects every request to another server, which counts what reaches it. */
let redirector: http.Server;
let target: http.Server;
let reached = 0;
const listen = (s: http.Server) => new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));

beforeAll(async () => {
  target = http.createServer((_req, res) => {
    reached++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ version: '0.0.0', models: [] }));
  });
  const targetPort = await listen(target);
  redirector = http.createServer((req, res) => res.writeHead(307, { location: `http://127.0.0.1:${targetPort}${req.url}` }).end());
  await listen(redirector);
});

afterAll(() => {
  redirector.close();
  target.close();
});

describe('OllamaClient', () => {
  it('never follows a redirect: a loopback host cannot forward passages elsewhere', async () => {
    const client = new OllamaClient({ ...LLM_DEFAULTS, host: `http://127.0.0.1:${(redirector.address() as AddressInfo).port}` });
    await expect(client.version()).rejects.toThrow();
    await expect(client.hasModel('qwen')).rejects.toThrow();
    const chat = client.chat('qwen', [{ role: 'user', content: '機密の段落' }]);
    await expect(chat.next()).rejects.toThrow();
    expect(reached).toBe(0);
  });
});
