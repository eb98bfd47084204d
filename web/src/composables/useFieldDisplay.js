import { CODE_TABLE_IDS, registrationName, statusName } from '../studentFields.js';
import { session } from '../session.js';
import { useCodeTables } from './useCodeTables.js';
import { useDivisionNames } from './useDivisionNames.js';

/**
 * How a stored value of a record field reads in Chinese: code names instead
 * of codes, the grade's name, the class's name (from `classNames()`, a map of
 * class id → name), a division's full name with its code, 2026年09月 for a
 * month. `def` is a field definition (studentFields.js, fieldDef()).
 */
export function useFieldDisplay(classNames = () => ({})) {
  const { codeName } = useCodeTables(CODE_TABLE_IDS);
  const { divisionName } = useDivisionNames();

  function valueText(def, value) {
    if (value === undefined || value === null || value === '') return '—';
    const v = String(value);
    switch (def?.kind) {
      case 'code':
        return codeName(def.table, v);
      case 'grade':
        return session.meta?.grades?.find((g) => g.code === v)?.name || v;
      case 'class':
        return classNames()[v] || `班级（编号${v}）`;
      case 'division': {
        const name = divisionName(v);
        return name ? `${name}（${v}）` : v;
      }
      case 'month':
        return /^\d{6}$/.test(v) ? `${v.slice(0, 4)}年${v.slice(4)}月` : v;
      case 'registration':
        return registrationName(v);
      case 'status':
        return statusName(v);
      default:
        return v;
    }
  }

  return { valueText };
}
