import { reactive, ref } from 'vue';
import { api, enc } from '../api.js';

// Code tables by id, shared by every page of the session: they change only
// when the ministry edits them (R-INFO-4), and a reload picks that up.
const tables = reactive({});
const pending = new Map();

function loadTable(id) {
  if (tables[id]) return Promise.resolve(tables[id]);
  if (!pending.has(id)) {
    const p = api
      .get(`/code-tables/${enc(id)}`)
      .then((t) => {
        tables[id] = t;
        return t;
      })
      .finally(() => pending.delete(id));
    pending.set(id, p);
  }
  return pending.get(id);
}

/**
 * Loads the code tables `ids` and offers
 *   options(id)        the codes a new record may take (historical ones left out),
 *   codeName(id, code) the name of a stored code (historical ones included),
 *   loading, error.
 */
export function useCodeTables(ids) {
  const loading = ref(true);
  const error = ref('');

  Promise.all(ids.map(loadTable))
    .catch((err) => {
      error.value = `代码表加载失败：${err.message}`;
    })
    .finally(() => {
      loading.value = false;
    });

  function options(id) {
    return (tables[id]?.values || []).filter((v) => !v.historical);
  }

  function codeName(id, code) {
    if (code === undefined || code === null || code === '') return '—';
    const v = (tables[id]?.values || []).find((x) => x.code === code);
    if (!v) return code;
    return v.historical ? `${v.name}（历史代码）` : v.name;
  }

  return { options, codeName, loading, error };
}
