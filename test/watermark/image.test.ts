import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { detectImage, embedImage, imagePsnr } from '../../watermark/image.ts';
import { WatermarkError } from '../../watermark/errors.ts';
import { chartPng, photoPng } from './images.ts';

const KEY = 'fundgov-test-watermark-key-0001';
const IDS = Array.from({ length: 20 }, (_, i) => `EXP-IMG-${i + 1}`);
const LEAKER = IDS[4];

for (const [name, make] of [['report chart', chartPng], ['photo-like scan', photoPng]] as const) {
  test(`${name}: invisible (PSNR ≥ 38 dB) and traced after JPEG q50, half size, 5% crops, PNG→JPEG`, async () => {
    const orig = await make();
    const marked = await embedImage(orig, { key: KEY, exportId: LEAKER });
    assert.equal(marked.format, 'png');
    const psnr = await imagePsnr(orig, marked.data);
    assert.ok(psnr >= 38, `PSNR ${psnr}`);
    assert.ok(Math.abs(psnr - marked.psnr) < 0.01);
    const { width: W, height: H } = await sharp(marked.data).metadata();
    const cx = Math.round(W! * 0.05), cy = Math.round(H! * 0.05);
    const attacks: Record<string, Buffer> = {
      'as written': marked.data,
      'JPEG quality 50': await sharp(marked.data).jpeg({ quality: 50 }).toBuffer(),
      'scaled to half size': await sharp(marked.data).resize(Math.round(W! / 2), Math.round(H! / 2)).png().toBuffer(),
      'cropped 5% from each edge': await sharp(marked.data).extract({ left: cx, top: cy, width: W! - 2 * cx, height: H! - 2 * cy }).png().toBuffer(),
      'PNG converted to JPEG': await sharp(marked.data).jpeg().toBuffer(),
    };
    for (const [attack, buf] of Object.entries(attacks)) {
      const d = await detectImage(buf, { key: KEY, candidates: IDS });
      assert.equal(d.match, true, `${attack}: ${JSON.stringify(d.best)}`);
      assert.equal(d.exportId, LEAKER, attack);
      assert.ok(d.best!.falsePositiveProbability < 1e-9);
    }
    const unmarked = await detectImage(orig, { key: KEY, candidates: IDS });
    assert.equal(unmarked.match, false);
    assert.ok(unmarked.best!.log10CorrectedP > -4, JSON.stringify(unmarked.best));
    const otherKey = await detectImage(marked.data, { key: 'a-different-key-0123456789', candidates: IDS });
    assert.equal(otherKey.match, false);
    const notCandidate = await detectImage(marked.data, { key: KEY, candidates: IDS.filter((i) => i !== LEAKER) });
    assert.equal(notCandidate.match, false);
  });
}

test('an image marked as JPEG stays JPEG and is traced', async () => {
  const jpeg = await sharp(await photoPng(400, 300)).jpeg({ quality: 90 }).toBuffer();
  const marked = await embedImage(jpeg, { key: KEY, exportId: IDS[0] });
  assert.equal(marked.format, 'jpeg');
  assert.equal((await sharp(marked.data).metadata()).format, 'jpeg');
  assert.equal((await detectImage(marked.data, { key: KEY, candidates: IDS })).exportId, IDS[0]);
});

test('bad image input gets a clear error', async () => {
  await assert.rejects(embedImage(Buffer.from('not an image at all'), { key: KEY, exportId: 'X' }), (e: unknown) => e instanceof WatermarkError && /sharp can read/.test(e.message));
  await assert.rejects(embedImage(Buffer.alloc(0), { key: KEY, exportId: 'X' }), /empty/);
  await assert.rejects(embedImage(await chartPng(100, 80), { key: KEY, exportId: 'X' }), /at least 128/);
  await assert.rejects(embedImage(await chartPng(), { key: 'short', exportId: 'X' }), /at least 16 bytes/);
  await assert.rejects(detectImage(await chartPng(), { key: KEY, candidates: [] }), /empty/);
  await assert.rejects(detectImage(await chartPng(), { key: KEY, candidates: ['A', 'A'] }), /duplicate/);
});
