// Rapport's data reader, run as a Web Worker so that reading a large file never blocks the page.
// The page first sends its own WebAssembly module (nothing is downloaded or compiled twice) and
// the URL of its JavaScript glue; the worker answers {ready}. Then the page transfers the file;
// the worker reads, validates and scores it and transfers back a compact buffer and the file.
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
  const { bytes } = msg;
  try {
    const started = performance.now();
    const out = rapport.rapport_read_in_worker(new Uint8Array(bytes));
    const ms = performance.now() - started;
    self.postMessage({ out, bytes, ms }, [out.buffer, bytes]);
  } catch (error) {
    self.postMessage({ error: `The data reader failed: ${error}`, bytes }, [bytes]);
  }
};
