// A meeting that was invited and has just been set cancelled: offer to send the cancellation,
// so that the attendees' calendars drop it too.

import type { Meeting } from "../bindings/Meeting";
import { dialogs } from "../state/dialogs.svelte";
import { calendar } from "./calendar.svelte";

export async function offerCancellation(stored: Meeting, onsent: (stored: Meeting) => void): Promise<void> {
  const choice = await dialogs.ask(
    "Send the cancellation?",
    `“${stored.title}” was sent as an invitation. Send the cancellation, so that it leaves the attendees' calendars?`,
    [
      { value: "send", label: "Send cancellation", kind: "primary" },
      { value: "later", label: "Not now" },
    ],
    "later",
  );
  if (choice !== "send") return;
  const sent = await calendar.send(stored.key, true);
  if (sent) onsent(sent.meeting);
}
