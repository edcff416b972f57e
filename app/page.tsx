import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current";

export default async function Home() {
  redirect((await getCurrentUser()) ? "/connections" : "/sign-in");
}
