import { reactive, ref, watch } from 'vue';

/**
 * Server-side validation errors for a form.
 *
 * apply(err) puts an ApiError's message under the form field named by
 * err.field (after `aliases` mapping) or, when no field matches, into
 * formError (shown as an alert above the form). A field's error is cleared as
 * soon as the user edits that field.
 */
export function useFormErrors(model, aliases = {}) {
  const fieldErrors = reactive({});
  const formError = ref('');

  for (const key of Object.keys(model)) {
    watch(
      () => model[key],
      () => {
        if (fieldErrors[key]) fieldErrors[key] = '';
      },
    );
  }

  function reset() {
    for (const key of Object.keys(fieldErrors)) fieldErrors[key] = '';
    formError.value = '';
  }

  function apply(err) {
    reset();
    const field = aliases[err.field] || err.field;
    if (field && Object.prototype.hasOwnProperty.call(model, field)) {
      fieldErrors[field] = err.message;
    } else {
      formError.value = err.message || '操作失败';
    }
  }

  return { fieldErrors, formError, apply, reset };
}
