/**
 * Air-gapped policy for the LLM host: passages from the user's documents may only go to a server on this
 * machine (loopback) unless the user has explicitly allowed another host in the settings.
 */
import net from 'node:net';

export class HostNotAllowedError extends Error {
  override name = 'HostNotAllowedError';
}

/** Whether a URL's host is this machine: localhost, 127.0.0.0/8 or ::1 (also as IPv4-mapped ::ffff:127.x). */
export function isLoopbackHost(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return false;
  }
  // only `localhost` itself: ordinary DNS may map *.localhost to a remote address
  if (host === 'localhost') return true;
  if (net.isIPv4(host)) return host.startsWith('127.');
  if (net.isIPv6(host)) {
    if (host === '::1' || /^(0+:){7}0*1$/.test(host)) return true;
    // IPv4-mapped: URL writes ::ffff:127.0.0.1 as ::ffff:7f00:1
    const mapped = /^::ffff:(.+)$/.exec(host)?.[1];
    if (!mapped) return false;
    if (net.isIPv4(mapped)) return mapped.startsWith('127.');
    return /^7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(mapped);
  }
  return false;
}

/** Throws HostNotAllowedError (with the fix) unless the host is loopback or explicitly allowed. */
export function checkHost(url: string, allowRemoteHost: boolean): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HostNotAllowedError(`Ollama host "${url}" is not a valid URL (expected e.g. http://127.0.0.1:11434)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new HostNotAllowedError(`Ollama host "${url}" must be an http:// or https:// URL`);
  if (!allowRemoteHost && !isLoopbackHost(url)) {
    throw new HostNotAllowedError(
      `Ollama host ${parsed.host} is not on this machine; documents are only sent to a loopback host unless you allow it (settings: llm.allowRemoteHost = true)`,
    );
  }
}
