import { ref, unref, watch } from 'vue';
import { api, enc } from '../api.js';
import { tableOf } from '../provinceFields.js';
import { useCodeTables } from './useCodeTables.js';

/**
 * The 非基础信息 fields of a province (R-SPEC-2025), in form order, for
 * `provinceCode` (a string, ref or getter; '' loads nothing). The code tables
 * their values come from are loaded too, so codeName() (useCodeTables) names
 * stored codes. Offers {fields, loading, error, reload()}.
 */
export function useProvinceFields(provinceCode) {
  const fields = ref([]);
  const loading = ref(false);
  const error = ref('');
  const code = () => (typeof provinceCode === 'function' ? provinceCode() : unref(provinceCode)) || '';

  let seq = 0;
  async function reload() {
    const my = ++seq;
    const c = code();
    if (!c) {
      fields.value = [];
      return fields.value;
    }
    loading.value = true;
    try {
      const data = await api.get(`/provinces/${enc(c)}/fields`);
      if (my !== seq) return fields.value;
      const items = data.items || [];
      const tables = [...new Set(items.map(tableOf).filter(Boolean))];
      if (tables.length) useCodeTables(tables);
      fields.value = items;
      error.value = '';
    } catch (err) {
      if (my === seq) error.value = `本省非基础信息项加载失败：${err.message}`;
    } finally {
      if (my === seq) loading.value = false;
    }
    return fields.value;
  }

  watch(code, reload, { immediate: true });
  return { fields, loading, error, reload };
}
