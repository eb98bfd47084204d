import { createApp } from 'vue';
import ElementPlus, { ElMessage } from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import 'element-plus/dist/index.css';

import App from './App.vue';
import router from './router.js';
import { setUnauthorizedHandler } from './api.js';
import { clearSession } from './session.js';
import './styles.css';

// 401 from any API call (other than login and the session probe): the session
// has expired or was ended elsewhere; go back to the login page.
let redirecting = false;
setUnauthorizedHandler(() => {
  clearSession();
  const current = router.currentRoute.value;
  if (current.name === 'login' || redirecting) return;
  redirecting = true;
  ElMessage.warning('登录已失效，请重新登录');
  router
    .replace({ name: 'login', query: current.fullPath !== '/' ? { redirect: current.fullPath } : {} })
    .finally(() => {
      redirecting = false;
    });
});

const app = createApp(App);
app.use(ElementPlus, { locale: zhCn });
app.use(router);
app.mount('#app');
