import { describe, expect, it } from 'vitest';
import { checkHost, isLoopbackHost } from './host-policy.js';

describe('host policy', () => {
  it('knows loopback hosts', () => {
    for (const h of ['http://127.0.0.1:11434', 'http://localhost:11434', 'http://127.8.9.1', 'http://[::1]:11434', 'http://[::ffff:127.0.0.1]:1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['http://10.0.0.5:11434', 'http://example.com', 'http://127.0.0.1.example.com', 'http://[::2]', 'not a url', 'http://0.0.0.0:11434', 'http://ollama.localhost:11434']) expect(isLoopbackHost(h), h).toBe(false);
  });

  it('refuses other hosts unless allowed, naming the setting', () => {
    expect(() => checkHost('http://192.168.1.20:11434', false)).toThrow(/allowRemoteHost/);
    expect(() => checkHost('http://192.168.1.20:11434', true)).not.toThrow();
    expect(() => checkHost('http://127.0.0.1:11434', false)).not.toThrow();
    expect(() => checkHost('file:///etc/passwd', true)).toThrow(/http/);
    expect(() => checkHost('::', true)).toThrow(/valid URL/);
  });
});
