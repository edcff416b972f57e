import { describe, expect, it, vi } from "vitest";
import { publicAction } from "@/lib/actions";
import { ZSignInInput, ZSignUpInput } from "./schemas";

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.append(k, v);
  return data;
}

describe("sign-up and sign-in forms reject malformed input with a clear message", () => {
  const cases: Array<[string, unknown, string]> = [
    ["missing fields", form({}), "Tell us your name."],
    ["a non-string name", { name: 42, email: "a@example.com", password: "long enough pass" }, "Tell us your name."],
    ["a huge name", form({ name: "x".repeat(100_000), email: "a@example.com", password: "long enough pass" }), "Use at most 100 characters for your name."],
    ["a malformed email", form({ name: "Ada", email: "not-an-email", password: "long enough pass" }), "Enter a valid email address, like name@example.com."],
    ["a short password", form({ name: "Ada", email: "ada@example.com", password: "short" }), "Use at least 10 characters for your password."],
    ["a common password", form({ name: "Ada", email: "ada@example.com", password: "password123" }), "That password is too common; choose another."],
    ["a repetitive password", form({ name: "Ada", email: "ada@example.com", password: "aaaaaaaaaaaa" }), "That password is too easy to guess; mix in more different characters."],
    ["a password containing the email", form({ name: "Ada", email: "adalovelace@example.com", password: "adalovelace2024" }), "Your password must not contain your email address."],
  ];

  it.each(cases)("sign-up with %s", async (_label, input, message) => {
    const domain = vi.fn();
    const result = await publicAction(ZSignUpInput, domain)(null, input);
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(result.ok ? [] : Object.values(result.error.fieldErrors ?? {})).toContain(message);
    expect(domain).not.toHaveBeenCalled();
  });

  it("sign-in without a password or with a huge one", async () => {
    const domain = vi.fn();
    const missing = await publicAction(ZSignInInput, domain)(null, form({ email: "a@example.com" }));
    expect(missing).toMatchObject({ ok: false, error: { code: "invalid_input", fieldErrors: { password: "Enter your password." } } });
    const huge = await publicAction(ZSignInInput, domain)(null, form({ email: "a@example.com", password: "p".repeat(10_000) }));
    expect(huge).toMatchObject({ ok: false, error: { fieldErrors: { password: "That password is too long." } } });
    expect(domain).not.toHaveBeenCalled();
  });

  it("an unexpected failure is reported without its internal text", async () => {
    const result = await publicAction(ZSignInInput, async () => {
      throw new Error("connection string postgres://secret@db");
    })(null, form({ email: "a@example.com", password: "whatever-pass" }));
    expect(result).toEqual({ ok: false, error: { code: "internal", message: "Something went wrong on our side. Please try again." } });
  });
});
