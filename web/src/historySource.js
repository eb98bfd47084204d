// What made one event of a record's history (R-CHG-1), for the 变更记录
// timeline. The history API gives each row its reason and, for a key-data
// change, the request's id (`request_id`); the other actions that write
// history name themselves in the reason, in the forms their documents give:
//   学籍异动（休学，申请编号12）：…     a status change (docs/status_changes.md, R-ST-7)
//   转学调档：转入…（转学编号 7）       调档 or an offline completion (docs/transfers.md, R-TR-3, R-TR-10)
//   转学回滚：退回…（错误转移操作人：…） a rollback (docs/transfers.md, R-TR-9)
// Rows touching only the record's registration state, number or status
// (registration decisions, 问题学籍, formal numbers) are registration steps;
// anything else without a request is a direct edit by the school.

const STATUS_CHANGE = /^学籍异动（([^，）]+)，申请编号(\d+)）/;
const TRANSFER_MOVE = /^转学调档：.*（转学编号 ?(\d+)）/;
const TRANSFER_ROLLBACK = /^转学回滚：/;
const REGISTRATION_FIELDS = new Set(['registration', 'student_number', 'status']);

/**
 * {kind, label, tag, to?} for an event {requestId, reason, entries}:
 * kind key_change | status_change | transfer | transfer_rollback |
 * registration | edit; `to` is the route of the request or transfer, when
 * the event names one.
 */
export function historySource(event) {
  const reason = event.reason || '';
  if (event.requestId) {
    return {
      kind: 'key_change',
      label: `关键信息变更申请 ${event.requestId}`,
      tag: 'warning',
      to: { name: 'key-changes', params: { id: String(event.requestId) } },
    };
  }
  let m = STATUS_CHANGE.exec(reason);
  if (m) {
    return {
      kind: 'status_change',
      label: `学籍异动：${m[1]}（申请 ${m[2]}）`,
      tag: 'success',
      to: { name: 'status-changes', params: { id: m[2] } },
    };
  }
  m = TRANSFER_MOVE.exec(reason);
  if (m) {
    return { kind: 'transfer', label: `转学 ${m[1]}`, tag: 'success', to: { name: 'transfers', params: { id: m[1] } } };
  }
  if (TRANSFER_ROLLBACK.test(reason)) return { kind: 'transfer_rollback', label: '转学回滚', tag: 'danger' };
  if (event.entries.every((e) => REGISTRATION_FIELDS.has(e.field))) {
    return { kind: 'registration', label: '学籍注册', tag: 'info' };
  }
  return { kind: 'edit', label: '直接修改', tag: 'info' };
}
