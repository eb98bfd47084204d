import { reactive } from 'vue';
import { api, enc } from '../api.js';

// The record authority (学籍主管部门) of a school, read once per school from
// GET /orgs/{code}: the key-data change requests name their school, and only
// its authority 核准s them (R-CHG-2).
//
// authorities[schoolCode]: {code, name}, or null when it cannot be read.
const authorities = reactive({});
const asked = new Set();

async function lookUp(code) {
  try {
    const org = await api.get(`/orgs/${enc(code)}`);
    authorities[code] = org.school ? { code: org.school.authority_code, name: org.school.authority_name } : null;
  } catch {
    authorities[code] = null;
  }
}

export function useSchoolAuthorities() {
  /** {code, name} of the school's record authority (undefined while loading). */
  function authorityOf(schoolCode) {
    if (!schoolCode) return null;
    if (!asked.has(schoolCode)) {
      asked.add(schoolCode);
      lookUp(schoolCode);
    }
    return authorities[schoolCode];
  }
  return { authorityOf };
}
