import { createHmac } from 'node:crypto';

// Ping URLs are derived from serve.pingKey: stable across restarts and instances (nothing to store or
// sync), unguessable without the key, and never revealing it.

function hmac(key: string, text: string): Buffer {
  return createHmac('sha256', key).update(text).digest();
}

/** A consumer's ping id, shaped as a UUID (what healthchecks.io URLs carry). */
export function pingId(pingKey: string, consumer: string): string {
  const b = hmac(pingKey, `credcanary ping id\0${consumer}`);
  // Version 8 ("custom") UUID layout, so tools that validate UUIDs accept it.
  b[6] = ((b[6] as number) & 0x0f) | 0x80;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The key of the slug form /ping/<key>/<consumer>: one per daemon, 22 URL-safe characters. */
export function slugKey(pingKey: string): string {
  return hmac(pingKey, 'credcanary slug key').subarray(0, 16).toString('base64url');
}
