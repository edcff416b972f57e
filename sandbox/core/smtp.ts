/**
 * A small SMTP server (RFC 5321 subset) for the sandbox mailbox: EHLO/HELO, MAIL FROM, RCPT TO,
 * DATA (dot-stuffing, `.` to end), RSET, NOOP, QUIT; no TLS, no AUTH (it is not advertised, so
 * clients such as nodemailer send in the clear), 8BITMIME and SIZE. Every accepted message goes
 * to `onMessage` with its envelope and raw text. Bound to 127.0.0.1 by default: it relays nothing.
 */
import { createServer, type Server, type Socket } from "node:net";

export interface SmtpEnvelope {
  from: string;
  to: string[];
}

export interface SmtpServerOptions {
  onMessage(envelope: SmtpEnvelope, raw: string): void;
  /** Largest message accepted, in bytes. */
  maxBytes?: number;
  hostname?: string;
}

export interface SmtpServer {
  listen(port: number, host?: string): Promise<{ port: number }>;
  close(): Promise<void>;
}

const ADDRESS = /^<([^<>\s]*)>/;

export function createSmtpServer(options: SmtpServerOptions): SmtpServer {
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const hostname = options.hostname ?? "sandbox.switchboard.local";
  const sockets = new Set<Socket>();

  function session(socket: Socket): void {
    sockets.add(socket);
    socket.setEncoding("utf8");
    socket.setTimeout(60_000, () => socket.end("421 4.4.2 Idle too long, closing\r\n"));
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    const reply = (line: string) => socket.write(`${line}\r\n`);

    let greeted = false;
    let from: string | null = null;
    let to: string[] = [];
    let data: string[] | null = null;
    let dataBytes = 0;
    let buffer = "";

    const resetTransaction = () => {
      from = null;
      to = [];
      data = null;
      dataBytes = 0;
    };

    function onDataLine(line: string): void {
      if (line === ".") {
        const raw = data!.join("\r\n") + "\r\n";
        const envelope = { from: from ?? "", to: [...to] };
        const tooBig = dataBytes > maxBytes;
        resetTransaction();
        if (tooBig) return void reply("552 5.3.4 Message too big");
        options.onMessage(envelope, raw);
        return void reply("250 2.0.0 OK: queued");
      }
      // Dot-stuffing (RFC 5321 4.5.2): a leading dot was doubled by the client.
      const text = line.startsWith(".") ? line.slice(1) : line;
      dataBytes += Buffer.byteLength(text) + 2;
      if (dataBytes <= maxBytes) data!.push(text);
    }

    function onCommand(line: string): void {
      const verb = line.slice(0, 4).toUpperCase();
      const arg = line.slice(4).trim();
      switch (verb) {
        case "EHLO":
          greeted = true;
          resetTransaction();
          reply(`250-${hostname} greets ${arg || "you"}`);
          reply("250-8BITMIME");
          reply(`250 SIZE ${maxBytes}`);
          return;
        case "HELO":
          greeted = true;
          resetTransaction();
          return void reply(`250 ${hostname}`);
        case "MAIL": {
          if (!greeted) return void reply("503 5.5.1 Say EHLO first");
          const m = /^FROM:\s*(<[^>]*>)/i.exec(arg);
          const address = m ? ADDRESS.exec(m[1]!)?.[1] : undefined;
          if (address === undefined) return void reply("501 5.5.4 Syntax: MAIL FROM:<address>");
          resetTransaction();
          from = address;
          return void reply("250 2.1.0 OK");
        }
        case "RCPT": {
          if (from === null) return void reply("503 5.5.1 Need MAIL first");
          const m = /^TO:\s*(<[^>]*>)/i.exec(arg);
          const address = m ? ADDRESS.exec(m[1]!)?.[1] : undefined;
          if (!address || !address.includes("@")) return void reply("501 5.1.3 Syntax: RCPT TO:<address>");
          if (to.length >= 100) return void reply("452 4.5.3 Too many recipients");
          to.push(address);
          return void reply("250 2.1.5 OK");
        }
        case "DATA":
          if (from === null || to.length === 0) return void reply("503 5.5.1 Need RCPT first");
          data = [];
          return void reply("354 End data with <CR><LF>.<CR><LF>");
        case "RSET":
          resetTransaction();
          return void reply("250 2.0.0 OK");
        case "NOOP":
          return void reply("250 2.0.0 OK");
        case "QUIT":
          reply("221 2.0.0 Bye");
          return void socket.end();
        default:
          return void reply("502 5.5.2 Command not recognized");
      }
    }

    socket.on("data", (chunk: string) => {
      buffer += chunk;
      let at: number;
      while ((at = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, at).replace(/\r$/, "");
        buffer = buffer.slice(at + 1);
        if (data) onDataLine(line);
        else onCommand(line);
      }
      if (!data && buffer.length > 4096) {
        reply("500 5.5.6 Line too long");
        socket.end();
      }
    });
    reply(`220 ${hostname} ESMTP Switchboard sandbox`);
  }

  let server: Server | undefined;
  return {
    listen(port, host = "127.0.0.1") {
      return new Promise((resolve, reject) => {
        server = createServer(session);
        server.once("error", reject);
        server.listen(port, host, () => {
          const address = server!.address();
          resolve({ port: typeof address === "object" && address ? address.port : port });
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        if (!server) return resolve();
        server.close(() => resolve());
      });
    },
  };
}
