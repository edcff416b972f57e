import { NextResponse, type NextRequest } from "next/server";

// The signed-in area. Pages there re-check the session against the database (lib/auth/current);
// this only turns away requests that carry no session cookie at all, before any rendering.
const PROTECTED = ["/connections", "/compose", "/posts", "/inbox", "/clients", "/settings"];
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function middleware(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (!hasSession && PROTECTED.some((p) => pathname === p || pathname.startsWith(`${p}/`))) {
    const url = request.nextUrl.clone();
    url.pathname = "/sign-in";
    url.search = `?returnTo=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }
  return NextResponse.next();
}

export const config = {
  matcher: ["/connections/:path*", "/compose/:path*", "/posts/:path*", "/inbox/:path*", "/clients/:path*", "/settings/:path*"],
};
