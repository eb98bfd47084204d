import { createRouter, createWebHistory } from 'vue-router';
import { session, initSession, hasPerm } from './session.js';
import MainLayout from './layouts/MainLayout.vue';
import LoginView from './views/LoginView.vue';

// meta.perms: the menu entry and the page need any one of these permissions.
export const routes = [
  { path: '/login', name: 'login', component: LoginView, meta: { public: true, title: '登录' } },
  {
    // R-SVC-3: the public guardian query and transfer tracker, no login.
    path: '/guardian',
    name: 'guardian',
    component: () => import('./views/GuardianQueryView.vue'),
    meta: { public: true, title: '家长查询' },
  },
  {
    path: '/',
    component: MainLayout,
    children: [
      { path: '', name: 'home', component: () => import('./views/HomeView.vue'), meta: { title: '首页' } },
      {
        path: 'orgs/:code?',
        name: 'orgs',
        component: () => import('./views/SchoolManageView.vue'),
        meta: { title: '学校管理', perms: ['view_orgs'] },
      },
      {
        path: 'students/register',
        name: 'student-register',
        component: () => import('./views/StudentRegisterView.vue'),
        meta: { title: '学籍注册', perms: ['edit_students'] },
      },
      {
        // R-IO-1: the school registrar imports the national template.
        path: 'students/import',
        name: 'student-import',
        component: () => import('./views/StudentImportView.vue'),
        meta: { title: '批量导入', perms: ['edit_students'] },
      },
      {
        path: 'students',
        name: 'students',
        component: () => import('./views/StudentListView.vue'),
        meta: { title: '学生查询', perms: ['view_students'] },
      },
      {
        // key: the record id or its 学籍号.
        path: 'students/:key',
        name: 'student-detail',
        component: () => import('./views/StudentDetailView.vue'),
        meta: { title: '学生详情', perms: ['view_students'] },
      },
      {
        path: 'key-changes/:id?',
        name: 'key-changes',
        component: () => import('./views/KeyChangesView.vue'),
        meta: { title: '关键信息变更', perms: ['view_students'] },
      },
      {
        // 待办审批 (R-TR-2): for the roles that decide approval steps.
        path: 'approvals',
        name: 'approvals',
        component: () => import('./views/ApprovalsView.vue'),
        meta: { title: '待办审批', perms: ['approve_at_school', 'approve_at_authority'] },
      },
      {
        // 学籍异动 › 转学 (SPEC §7): start, the lists with the four steps,
        // and the 学生基本信息表 to print for the guardian.
        path: 'transfers/new',
        name: 'transfer-new',
        component: () => import('./views/TransferStartView.vue'),
        meta: { title: '发起转学', perms: ['edit_students'] },
      },
      {
        path: 'transfers/:id/print',
        name: 'transfer-print',
        component: () => import('./views/TransferPrintView.vue'),
        meta: { title: '学生基本信息表', perms: ['view_students'] },
      },
      {
        // R-TR-10: an authority enters a transfer completed offline.
        path: 'transfers/offline',
        name: 'transfer-offline',
        component: () => import('./views/OfflineTransferView.vue'),
        meta: { title: '线下办理补录', perms: ['approve_at_authority'] },
      },
      {
        // R-TR-3: the sending side's read-only backup of a moved record.
        path: 'transfers/:id/backup',
        name: 'transfer-backup',
        component: () => import('./views/TransferBackupView.vue'),
        meta: { title: '电子档案备份', perms: ['view_students'] },
      },
      {
        path: 'transfers/:id?',
        name: 'transfers',
        component: () => import('./views/TransfersView.vue'),
        meta: { title: '转学', perms: ['view_students'] },
      },
      {
        // R-TR-12: 就读安置, who attends a school while the record stays elsewhere.
        path: 'placements',
        name: 'placements',
        component: () => import('./views/PlacementsView.vue'),
        meta: { title: '就读安置', perms: ['view_students'] },
      },
      {
        // R-ST-1, R-ST-7: status changes other than transfers.
        path: 'status-changes/:id?',
        name: 'status-changes',
        component: () => import('./views/StatusChangesView.vue'),
        meta: { title: '学籍异动', perms: ['view_students'] },
      },
      {
        // R-ST-5: 控辍保学, the open dropouts and their written reports.
        path: 'dropouts',
        name: 'dropouts',
        component: () => import('./views/DropoutsView.vue'),
        meta: { title: '控辍保学', perms: ['view_students'] },
      },
      {
        path: 'problem-records/:id?',
        name: 'problem-records',
        component: () => import('./views/ProblemRecordsView.vue'),
        meta: { title: '问题学籍', perms: ['view_students'] },
      },
      {
        path: 'suspected-duplicates',
        name: 'suspected-duplicates',
        component: () => import('./views/SuspectedDuplicatesView.vue'),
        meta: { title: '疑似重复', perms: ['view_students'] },
      },
      {
        // R-SEC-1: export requests approved by the record authority.
        path: 'export-requests',
        name: 'export-requests',
        component: () => import('./views/ExportRequestsView.vue'),
        meta: { title: '数据导出申请', perms: ['reveal_id_numbers'] },
      },
      {
        // The ministry runs batches; the record authorities read them.
        path: 'number-batches/:id?',
        name: 'number-batches',
        component: () => import('./views/NumberBatchesView.vue'),
        meta: { title: '正式学籍号', perms: ['run_number_batches', 'approve_at_authority'] },
      },
      {
        path: 'admin/users/:code?',
        name: 'users',
        component: () => import('./views/UserManageView.vue'),
        meta: { title: '用户管理', perms: ['manage_accounts', 'view_accounts', 'unlock_accounts'] },
      },
      {
        path: 'admin/security',
        name: 'security',
        component: () => import('./views/SecurityPolicyView.vue'),
        meta: { title: '安全策略', perms: ['manage_security_policy'] },
      },
      {
        // Every logged-in user may read the code tables; the menu shows them to
        // the registrar roles, and only manage_code_tables edits (R-INFO-4).
        path: 'admin/code-tables/:id?',
        name: 'code-tables',
        component: () => import('./views/CodeTableView.vue'),
        meta: { title: '代码表' },
      },
      {
        // R-SPEC-2025: the province registrar defines the province's 非基础信息.
        path: 'admin/province-fields',
        name: 'province-fields',
        component: () => import('./views/ProvinceFieldsView.vue'),
        meta: { title: '非基础信息', perms: ['manage_province_fields'] },
      },
      {
        // R-CAL-1: the system administrator enters and corrects the business
        // calendar; every logged-in user may read it through the API.
        path: 'admin/calendar/:year?',
        name: 'calendar',
        component: () => import('./views/CalendarView.vue'),
        meta: { title: '工作日历', perms: ['manage_calendar'] },
      },
      {
        // R-POL-1: the registrars of the ministry, provinces, cities and
        // counties set their own unit's policy layer.
        path: 'policy',
        name: 'policy',
        component: () => import('./views/PolicyView.vue'),
        meta: { title: '政策设置', perms: ['manage_policy'] },
      },
      {
        path: 'admin/audit',
        name: 'audit',
        component: () => import('./views/AuditLogView.vue'),
        meta: { title: '审计日志', perms: ['read_audit'] },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('./views/NotFoundView.vue'),
        meta: { title: '页面不存在' },
      },
    ],
  },
];

const router = createRouter({
  history: createWebHistory('/'),
  routes,
});

router.beforeEach(async (to) => {
  await initSession();
  if (to.meta.public) {
    if (to.name === 'login' && session.user) return { name: 'home' };
    return true;
  }
  if (!session.user) {
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  }
  const perms = to.matched.flatMap((r) => r.meta.perms || []);
  if (perms.length && !hasPerm(...perms)) {
    return { name: 'home', query: { denied: '1' } };
  }
  return true;
});

router.afterEach((to) => {
  const t = to.meta.title;
  document.title = t ? `${t} - 全国中小学生学籍信息管理系统` : '全国中小学生学籍信息管理系统';
});

export default router;
