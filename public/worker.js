// Rapport's data reader, run as a Web Worker so that reading a large file never blocks the page.
// The messages are ToWorker and FromWorker in src/app/load/worker.rs; this file mirrors them.
//   {glue, module}      Start: the reader's WebAssembly module (crates/reader, compiled once by
//                       the page: nothing is downloaded or compiled twice) and the URL of its
//                       JavaScript glue. Answered {ready: true} or {error}.
//   {blob, parts: true} Read: the file as a Blob (a reference, not a copy), read, validated and
//                       scored; each part is passed on as it is read, {part} (transferred, not
//                       copied), for the page to identify the file meanwhile. Answered
//                       {out, ms} (the compact buffer of rapport_engine::wire, transferred) or
//                       {error}.
//   {blob, warm: n}     WarmUp: read the file n times and keep nothing (the page's idle
//                       warm-up). Answered {warmed: true} or {error}.
let rapport;
// A part of the file, once in the reader's memory, goes to the page. Its buffer is moved
// when the part is the whole of it (as a stream's parts are), else copied.
const passOn = (part) => {
  const whole = part.byteOffset === 0 && part.byteLength === part.buffer.byteLength;
  self.postMessage({ part }, whole ? [part.buffer] : []);
};
self.onmessage = async (event) => {
  const msg = event.data;
  if (!rapport) {
    try {
      const glue = await import(msg.glue);
      await glue.default({ module_or_path: msg.module });
      rapport = glue;
      self.postMessage({ ready: true });
    } catch (error) {
      self.postMessage({ error: `The data reader could not start: ${error}` });
    }
    return;
  }
  try {
    if (msg.warm) {
      // Warm-up while the page is idle: read the (small) sample a few times, so that the
      // browser optimises the reader's code before the first large file; nothing is kept.
      for (let i = 0; i < msg.warm; i++) await rapport.rapport_read_blob(msg.blob);
      self.postMessage({ warmed: true });
      return;
    }
    const started = performance.now();
    const out = await rapport.rapport_read_blob(msg.blob, msg.parts ? passOn : undefined);
    const ms = performance.now() - started;
    self.postMessage({ out, ms }, [out.buffer]);
  } catch (error) {
    self.postMessage({ error: `The data reader failed: ${error}` });
  }
};
