import { reactive } from 'vue';
import { api, enc } from '../api.js';

// The administrative divisions (行政区划) as public reference data: every
// logged-in user reads a code's names (GET /divisions/{code}) and the
// divisions below one (GET /divisions/{code}/children; "000000" lists the
// provinces). Both are cached for the session: divisions change only with a
// new release of the code list.
//
// info[code]: {code, name, level, parent_code, full_name}, or null when the
// code is no division.
const info = reactive({});
const asked = new Set();
const children = new Map();

async function lookUp(code) {
  try {
    info[code] = await api.get(`/divisions/${enc(code)}`);
  } catch (err) {
    info[code] = null;
    // Not a division stays null; anything else may be asked again later.
    if (err.status !== 404) asked.delete(code);
  }
}

/** The divisions directly below `code` ("000000": the provinces); cached. */
export function divisionChildren(code) {
  if (!children.has(code)) {
    const p = api.get(`/divisions/${enc(code)}/children`).then((data) => {
      for (const d of data.items || []) info[d.code] = d;
      return data.items || [];
    });
    p.catch(() => children.delete(code));
    children.set(code, p);
  }
  return children.get(code);
}

export function useDivisionNames() {
  function ask(code) {
    if (!/^\d{6}$/.test(code || '')) return undefined;
    if (!asked.has(code)) {
      asked.add(code);
      lookUp(code);
    }
    return info[code];
  }

  /** The full name of `code`, e.g. 贵州省贵阳市南明区 ('' while unknown). */
  function divisionName(code) {
    return ask(code)?.full_name || '';
  }

  /** True once the server said `code` is no division. */
  function isUnknown(code) {
    return ask(code) === null;
  }

  return { divisionName, isUnknown };
}
