import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

/**
 * How the socket's address reaches a route handler and a server action. Under `next start`
 * neither sees the socket: Next copies it into `X-Forwarded-For` only when the header is absent
 * (`req.headers['x-forwarded-for'] ??= socket.remoteAddress` in next/dist/server/base-server.js),
 * so a client that sends the header erases the real address. Node publishes every incoming
 * request on the `http.server.request.start` channel just before the server's `request` event;
 * there we append the peer address, as a proxy would. The header's last entry is then always the
 * address that connected, and `clientIp` (lib/rate-limit/keys.ts) counts trusted hops from there.
 */
export function appendPeerAddress(request: IncomingMessage, socket: Socket | undefined): void {
  const peer = socket?.remoteAddress;
  if (!peer) return;
  const address = peer.startsWith("::ffff:") && peer.includes(".") ? peer.slice(7) : peer;
  const sent = request.headers["x-forwarded-for"];
  const chain = Array.isArray(sent) ? sent.join(", ") : sent;
  request.headers["x-forwarded-for"] = chain?.trim() ? `${chain}, ${address}` : address;
}

let installed = false;

/** Installs the hook once per process (instrumentation.ts, before the first request). */
export function installPeerAddressHook(): void {
  if (installed) return;
  installed = true;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket?: Socket };
    appendPeerAddress(request, socket ?? request.socket);
  });
}
