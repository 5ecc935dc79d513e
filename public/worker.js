// Rapport's data reader, run as a Web Worker so that reading a large file never blocks the page.
// The messages are ToWorker and FromWorker in src/app/load/worker.rs; this file mirrors them.
// The page posts Start and the work together: the work waits until the reader has started.
// Or it posts Start ahead of the work (the page's spare worker; the first one also gets a
// warm-up), and the work (one piece) later.
//   {glue, module}      Start: the reader's WebAssembly module (crates/reader, compiled once by
//                       the page: nothing is downloaded or compiled twice) and the URL of its
//                       JavaScript glue. Answered {ready: true} or {error}.
//   {blob}              Read: the file as a Blob (a reference, not a copy), read, validated and
//                       scored; each part is passed on as it is read, {part} (transferred, not
//                       copied), for the page to identify the file meanwhile. Answered
//                       {out, ms} (the compact buffer of rapport_engine::wire, transferred, and
//                       the milliseconds the reading took) or {error}.
//   {url}               Fetch: download the file at this address straight into the reader's
//                       memory, passing each part on as it arrives ({part}, as for Read), then
//                       an empty part (all of it came), then read it as Read does. Answered {out, ms},
//                       {download, n, text} (the download failed: rapport_engine::download's
//                       Failed::parts) or {error}.
//   {warm: n, url}      WarmUp: fetch the file at this address and read it up to n times,
//                       keeping nothing, until work comes (the page's idle warm-up: the browser
//                       optimises the reader's code meanwhile). Answered nothing.
// The reader's glue, once started (a promise: work may come meanwhile, and waits for it).
let rapport;
// When the reading started (for a download, once it is over): the answer's `ms`.
let started;
// Whether work has come (a warm-up ends).
let working = false;
// A part of the file, once in the reader's memory, goes to the page. Its buffer is moved
// when the part is the whole of it (as a stream's parts are), else copied. No part (null):
// the download is over, said with an empty part.
const passOn = (part) => {
  if (!part) {
    started = performance.now();
    return self.postMessage({ part: new Uint8Array(0) });
  }
  const whole = part.byteOffset === 0 && part.byteLength === part.buffer.byteLength;
  self.postMessage({ part }, whole ? [part.buffer] : []);
};
self.onmessage = async (event) => {
  const msg = event.data;
  if (msg.glue) {
    rapport = (async () => {
      const glue = await import(msg.glue);
      await glue.default({ module_or_path: msg.module });
      return glue;
    })();
    try {
      await rapport;
      self.postMessage({ ready: true });
    } catch (error) {
      self.postMessage({ error: `The data reader could not start: ${error}` });
    }
    return;
  }
  // Only from this site or https, as the page's policy says (which does not govern a
  // worker; the page checks first).
  const address = msg.url && new URL(msg.url, self.location.href);
  const refused = address && address.origin !== self.location.origin && address.protocol !== 'https:';
  working ||= !msg.warm;
  // A download starts at once, while the reader may still be starting (its failure is the
  // reader's to say).
  const fetched = msg.url && !refused ? fetch(msg.url) : null;
  fetched?.catch(() => {});
  try {
    const reader = await rapport;
    // (Answered after {ready}, as all work is: Failed::NotAllowed, kind 1 of Failed::parts.)
    if (refused) return self.postMessage({ download: 1, n: 0, text: msg.url });
    if (msg.warm) {
      // Warm-up while the page is idle: read the (small) sample a few times, so that the
      // browser optimises the reader's code before the first large file; nothing is kept.
      const blob = await (await fetched).blob();
      for (let i = 0; i < msg.warm && !working; i++) await reader.rapport_read_blob(blob);
      return;
    }
    started = performance.now();
    const out = fetched
      ? await reader.rapport_read_download(fetched, passOn)
      : await reader.rapport_read_blob(msg.blob, passOn);
    const ms = performance.now() - started;
    self.postMessage({ out, ms }, [out.buffer]);
  } catch (error) {
    // (A warm-up that fails says nothing: the work, when it comes, says what it finds.)
    if (msg.warm) return;
    self.postMessage(error?.download !== undefined ? error : { error: `The data reader failed: ${error}` });
  }
};
