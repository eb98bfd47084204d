// Display helpers (Chinese labels, Chinese-locale times).

export const LEVEL_NAMES = {
  ministry: '教育部',
  province: '省级',
  city: '市级',
  county: '县级',
  school: '学校',
};

export const ROLE_NAMES = {
  school_registrar: '学校学籍管理员',
  school_approver: '学校审核人',
  head_teacher: '班主任',
  county_registrar: '县级学籍管理员',
  city_registrar: '市级学籍管理员',
  province_registrar: '省级学籍管理员',
  ministry_registrar: '教育部学籍管理员',
  system_admin: '系统管理员',
  security_admin: '安全管理员',
  audit_admin: '审计管理员',
};

const timeFmt = new Intl.DateTimeFormat('zh-CN', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

export function formatTime(value) {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return timeFmt.format(d);
}

export function levelName(level) {
  return LEVEL_NAMES[level] || level || '—';
}

export function roleName(role, fallback) {
  return fallback || ROLE_NAMES[role] || role || '—';
}

/** True while `until` (ISO time) lies in the future. */
export function isLockedNow(until) {
  if (!until) return false;
  const t = new Date(until).getTime();
  return Number.isNaN(t) ? true : t > Date.now();
}
