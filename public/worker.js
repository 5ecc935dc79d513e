// Rapport's data reader, run as a Web Worker so that reading a large file never blocks the page.
// The page first sends the reader's WebAssembly module (crates/reader, compiled once by the page:
// nothing is downloaded or compiled twice) and the URL of its JavaScript glue; the worker answers
// {ready}. Then the page sends the file as a Blob (a reference, not a copy); the worker reads,
// validates and scores it and transfers back a compact buffer (see rapport_engine::wire). A
// message {blob, warm: n} reads it n times and answers {warmed}: the page's idle warm-up (see
// warm_up in src/app/load.rs).
let rapport;
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
    const out = await rapport.rapport_read_blob(msg.blob);
    const ms = performance.now() - started;
    self.postMessage({ out, ms }, [out.buffer]);
  } catch (error) {
    self.postMessage({ error: `The data reader failed: ${error}` });
  }
};
