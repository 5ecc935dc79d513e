// Rapport's survey-export importer, run as a Web Worker so that reading a large export never
// blocks the page. One request per worker, after a warm-up for an import; the messages are
// ToImporter and FromImporter in crates/import-ui/src/worker.rs, which this file mirrors.
//   {glue, inspect: blob, profile?}   What the export holds: its columns and a first
//                                     mapping (a saved profile's JSON fitted to it, or a
//                                     guess). Answered {json} (rapport_import::Inspected,
//                                     or {problems}) or {error}.
//   {glue, inspectAccounts: blob, list?}  The same for an account list.
//   {glue, importExport: blob, accounts?: blob, profile, base?: blob}
//                                     Import with a profile (into `base`, the data set on
//                                     screen, when given). Answered {wire, document, ms}
//                                     (transferred: the reader's answer form, the
//                                     rapport/1 JSON written, and the time it took from
//                                     reading the files to the answer) or {error}.
//   {glue, warm: n}                   Warm-up: import a small made-up export n times, so that
//                                     the browser has optimised the importer's code before
//                                     the user's import, the next request to this worker.
//                                     Answered {warmed: ms}, or {warmed: null} when it failed
//                                     (the import that follows is then answered {error}).
//                                     An import answer counts the warm-ups before it
//                                     ({warmups}).
// `glue` is the URL of the importer module's JavaScript (crates/import, src/main.rs).
const bytes = async (blob) => new Uint8Array(await blob.arrayBuffer());
// The module, loaded once however many requests arrive while it loads.
let loading;
let warmups = 0;
const load = (glue) => (loading ??= import(glue).then(async (m) => { await m.default(); return m; }));
self.onmessage = async (event) => {
  const msg = event.data;
  try {
    const importer = await load(msg.glue);
    if (msg.warm) {
      const started = performance.now();
      try {
        importer.rapport_warm(msg.warm);
      } catch (error) {
        // The module may be left broken: what follows is told so, not run in it.
        loading = Promise.reject(error);
        loading.catch(() => {});
        throw error;
      }
      warmups += msg.warm;
      self.postMessage({ warmed: performance.now() - started });
    } else if (msg.inspect) {
      self.postMessage({ json: importer.rapport_inspect(await bytes(msg.inspect), msg.profile) });
    } else if (msg.inspectAccounts) {
      self.postMessage({ json: importer.rapport_inspect_accounts(await bytes(msg.inspectAccounts), msg.list) });
    } else if (msg.importExport) {
      const started = performance.now();
      const accounts = msg.accounts ? await bytes(msg.accounts) : undefined;
      const base = msg.base ? await bytes(msg.base) : undefined;
      const [wire, document] = importer.rapport_import(await bytes(msg.importExport), accounts, msg.profile, base);
      const ms = performance.now() - started;
      self.postMessage({ wire, document, ms, warmups }, [wire.buffer, document.buffer]);
    } else {
      self.postMessage({ error: 'The importer was asked something it does not know.' });
    }
  } catch (error) {
    // A warm-up that failed says only that: the import that follows says why.
    self.postMessage(msg.warm ? { warmed: null } : { error: `The importer failed: ${error}` });
  }
};
