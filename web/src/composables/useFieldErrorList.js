import { reactive, ref } from 'vue';

/**
 * The server's field errors of a large form: every entry of an error's
 * `details` ({field, message}; family members as "guardians[0].phone") goes
 * under its form field, the rest (no field, or a field the form does not show)
 * into `others`, shown above the form.
 *
 *   apply(err)      takes an ApiError (its `details`, see api.js);
 *   errorOf(field)  the message under a field ('' when none);
 *   sync()          drops the error of every field edited since (call it
 *                   from a deep watch of the model);
 *   reset(prefix?)  drops all errors, or those of fields starting with prefix.
 *
 * `readValue(field)` returns the current value of a field name, or undefined
 * when the form has no such field.
 */
export function useFieldErrorList(readValue) {
  const errors = reactive({});
  const others = ref([]);
  const valueAtError = {};

  function reset(prefix = '') {
    for (const key of Object.keys(errors)) {
      if (key.startsWith(prefix)) {
        delete errors[key];
        delete valueAtError[key];
      }
    }
    if (!prefix) others.value = [];
  }

  function apply(err) {
    reset();
    const details = err?.details?.length ? err.details : [{ field: err?.field, message: err?.message }];
    const rest = [];
    for (const d of details) {
      const value = d.field ? readValue(d.field) : undefined;
      if (value === undefined || errors[d.field]) {
        if (value === undefined) rest.push(d.message || '操作失败');
        continue;
      }
      errors[d.field] = d.message;
      valueAtError[d.field] = JSON.stringify(value);
    }
    others.value = rest;
  }

  function errorOf(field) {
    return errors[field] || '';
  }

  function sync() {
    for (const key of Object.keys(errors)) {
      if (JSON.stringify(readValue(key)) !== valueAtError[key]) {
        delete errors[key];
        delete valueAtError[key];
      }
    }
  }

  return { errors, others, apply, errorOf, sync, reset };
}
