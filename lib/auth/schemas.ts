import { z } from "zod";

const COMMON = new Set([
  "password", "password1", "password12", "password123", "1234567890", "12345678910", "qwertyuiop",
  "iloveyou12", "letmein123", "welcome123", "administrator", "switchboard", "abc1234567", "0987654321",
]);

export const ZEmail = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }));

export const ZNewPassword = z
  .string({ error: "Choose a password." })
  .min(10, "Use at least 10 characters for your password.")
  .max(200, "Use at most 200 characters for your password.")
  .refine((p) => !COMMON.has(p.toLowerCase()), "That password is too common; choose another.")
  .refine((p) => new Set(p).size >= 4, "That password is too easy to guess; mix in more different characters.");

export const ZSignUpInput = z
  .object({
    name: z.string({ error: "Tell us your name." }).trim().min(1, "Tell us your name.").max(100, "Use at most 100 characters for your name."),
    email: ZEmail,
    password: ZNewPassword,
  })
  .refine((v) => {
    const local = v.email.split("@")[0] ?? "";
    return local.length < 3 || !v.password.toLowerCase().includes(local);
  }, {
    path: ["password"],
    message: "Your password must not contain your email address.",
  });
export type TSignUpInput = z.infer<typeof ZSignUpInput>;

export const ZSignInInput = z.object({
  email: ZEmail,
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(200, "That password is too long."),
});
export type TSignInInput = z.infer<typeof ZSignInInput>;
