// One export worker thread: turns blocks of COPY text into masked, watermarked, encoded CSV for
// the exports it is handed (csvBlockWriter), so large exports use every core.
import { parentPort, workerData } from 'node:worker_threads';
import { useNativeAddon } from '../native/index.ts';
import { csvBlockWriter, ownedBytes, type CsvExportSpec } from './export-csv.ts';
import type { ToWorker, FromWorker } from './export-pool.ts';

const port = parentPort!;
if (workerData?.nativeAddon) useNativeAddon(workerData.nativeAddon as string);
const sessions = new Map<number, ReturnType<typeof csvBlockWriter>>();
const reply = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

port.on('message', (m: ToWorker) => {
  if (m.type === 'open') { sessions.set(m.session, csvBlockWriter(m.spec as CsvExportSpec)); return; }
  if (m.type === 'end') { sessions.delete(m.session); return; }
  try {
    const write = sessions.get(m.session);
    if (!write) throw new Error(`export session ${m.session} is not open in this worker`);
    const { bytes, rows } = write(m.block);
    const out = ownedBytes(bytes);
    reply({ type: 'done', id: m.id, bytes: out, rows }, [out.buffer as ArrayBuffer]);
  } catch (err) {
    reply({ type: 'error', id: m.id, message: (err as Error).message });
  }
});
reply({ type: 'ready' });
