// How much memory a page and its Web Worker hold, from Chromium's DevTools
// protocol: the page through its own session, the worker through that
// session's auto-attach (messages relayed with Target.sendMessageToTarget,
// since playwright-core opens no session on a worker). `usedSize` is the JS heap; `backingStorageSize` holds the
// ArrayBuffers, the wasm module's memory among them.
export async function heapWatch(page, { every = 200 } = {}) {
  const cdp = await page.context().newCDPSession(page);
  // The page's own worker (other pages of the browser have theirs).
  const attached = new Promise((resolve) =>
    cdp.on(
      'Target.attachedToTarget',
      (e) => e.targetInfo.type === 'worker' && e.targetInfo.url.includes('/web/agent/worker.js') && resolve(e.sessionId),
    ),
  );
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const sessionId = await Promise.race([
    attached,
    new Promise((r, reject) => setTimeout(() => reject(new Error('the agent view has no worker')), 10e3)),
  ]);
  let id = 0;
  const waiting = new Map();
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    if (e.sessionId !== sessionId) return;
    const msg = JSON.parse(e.message);
    const w = waiting.get(msg.id);
    if (!w) return;
    waiting.delete(msg.id);
    if (msg.error) w.reject(new Error(msg.error.message));
    else w.resolve(msg.result);
  });
  const inWorker = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const mid = ++id;
      waiting.set(mid, { resolve, reject });
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: mid, method, params }) }).catch(reject);
    });
  const peak = { page: 0, worker: 0, workerBuffers: 0 };
  const sample = async () => {
    const [p, w] = await Promise.all([cdp.send('Runtime.getHeapUsage'), inWorker('Runtime.getHeapUsage')]);
    peak.page = Math.max(peak.page, p.usedSize);
    peak.worker = Math.max(peak.worker, w.usedSize);
    peak.workerBuffers = Math.max(peak.workerBuffers, w.backingStorageSize ?? 0);
    return { page: p.usedSize, worker: w.usedSize, workerBuffers: w.backingStorageSize ?? 0 };
  };
  const base = await sample();
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    await sample().catch(() => {});
    busy = false;
  }, every);
  return {
    base,
    peak,
    async stop() {
      clearInterval(timer);
      await sample().catch(() => {});
      await cdp.detach().catch(() => {});
      return { base, peak };
    },
  };
}
