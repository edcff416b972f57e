/** Every provider module the sandbox serves. Adding a provider = one folder + one line here. */
import type { SandboxModule } from "../core/types";

// --- Meta family (facebook, instagram, threads) ---
import { facebookModule } from "./facebook";
import { instagramModule } from "./instagram";
import { threadsModule } from "./threads";

// --- X, LinkedIn, Telegram ---
import { linkedin } from "./linkedin";
import { telegram } from "./telegram";
import { x } from "./x";

// --- the providers' picture CDNs ---
import { cdn } from "./cdn";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const modules: SandboxModule<any>[] = [facebookModule, instagramModule, threadsModule, x, linkedin, telegram, cdn];
