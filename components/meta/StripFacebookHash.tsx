"use client";
import { useEffect } from "react";

/** Facebook appends `#_=_` to its redirects and browsers keep it through ours: remove it from the address bar. */
export function StripFacebookHash() {
  useEffect(() => {
    if (window.location.hash === "#_=_") {
      window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
    }
  }, []);
  return null;
}
