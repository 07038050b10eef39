/**
 * The version of the minutes' HTML: stored with each meeting's HTML at ingest, which is used only
 * when it was made by this version (else the page renders the minutes itself, and the next ingest
 * parses the meeting's file again). Raise it with any change to what the renderer gives:
 * `test/render.test.ts` pins a digest of its output for each version.
 */
export const minutesHtmlVersion = 1
