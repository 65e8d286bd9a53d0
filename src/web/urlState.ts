// The view in the address: the settings that differ from the page's defaults, the open view and
// the drawn step, so a link reopens exactly what its sender saw.
import { PAGE_DEFAULTS, SETTING_KEYS } from "./controls.js";
import type { Settings } from "./protocol.js";

export const VIEWS = ["result", "plan", "ring", "occupancy", "compare"] as const;
export type View = (typeof VIEWS)[number];

export interface PageState {
  settings: Settings;
  view: View;
  /** Ring view: the step drawn, from 0. */
  step: number;
}

export function readState(search: string): PageState {
  const q = new URLSearchParams(search);
  const settings: Settings = { ...PAGE_DEFAULTS };
  for (const key of SETTING_KEYS) {
    const v = q.get(key);
    if (v === null) continue;
    if (v === "") delete settings[key];
    else settings[key] = v;
  }
  const view = VIEWS.find((v) => v === q.get("view")) ?? "result";
  const step = Math.max(0, Math.floor(Number(q.get("step") ?? 1) - 1)) || 0;
  return { settings, view, step };
}

export function writeState(s: PageState): string {
  const q = new URLSearchParams();
  for (const key of SETTING_KEYS) {
    const v = s.settings[key] ?? "";
    if (v !== (PAGE_DEFAULTS[key] ?? "")) q.set(key, v);
  }
  if (s.view !== "result") q.set("view", s.view);
  if (s.step > 0) q.set("step", String(s.step + 1));
  const text = q.toString();
  return text ? `?${text}` : location.pathname;
}
