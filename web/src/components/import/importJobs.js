// Import jobs (R-IO-1; docs/import.md): Chinese names of their states and
// modes, and the downloads of the template and of a job's result workbook.
import { API_BASE, enc } from '../../api.js';

export const STATE_NAMES = {
  queued: '排队中',
  running: '导入中',
  done: '已完成',
  failed: '失败',
  cancelled: '已取消',
};

export const MODE_NAMES = {
  A: '方式A：全部有效行入库',
  B: '方式B：有错则全部不入库',
};

export const MODE_SHORT = { A: 'A 有效行入库', B: 'B 有错不入库' };

export const stateName = (s) => STATE_NAMES[s] || s || '—';

export function stateTagType(s) {
  if (s === 'done') return 'success';
  if (s === 'failed') return 'danger';
  if (s === 'cancelled') return 'info';
  return 'warning';
}

/** An ended job no longer changes: done, failed or cancelled. */
export const isEnded = (job) => !!job && ['done', 'failed', 'cancelled'].includes(job.state);

/** The upload limit of the server (11 MiB request body). */
export const MAX_IMPORT_BYTES = 11 * 1024 * 1024;

export const TEMPLATE_URL = `${API_BASE}/import-template.xlsx`;

export const resultUrl = (job) => `${API_BASE}/imports/${enc(job.id)}/result.xlsx`;

/** 一年级.xlsx → 一年级_导入结果.xlsx */
export function resultFileName(job) {
  const base = String(job.file_name || '').replace(/\.[^.]*$/, '') || `导入${job.id}`;
  return `${base}_导入结果.xlsx`;
}

function attachmentName(header, fallback) {
  const m = /filename\*=UTF-8''([^;]+)/i.exec(header || '');
  if (!m) return fallback;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return fallback;
  }
}

/**
 * Fetches `url` and hands it to the browser as a download named by the
 * server's Content-Disposition (filename*), else `fallbackName`. Throws an
 * Error with the server's message when the answer is not 200.
 */
export async function downloadFile(url, fallbackName) {
  let resp;
  try {
    resp = await fetch(url, { credentials: 'same-origin' });
  } catch {
    throw new Error('无法连接服务器，请检查网络后重试');
  }
  if (!resp.ok) {
    const data = await resp.json().catch(() => null);
    throw new Error(data?.error?.message || `下载失败（HTTP ${resp.status}）`);
  }
  const blob = await resp.blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = attachmentName(resp.headers.get('Content-Disposition'), fallbackName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60000);
}
