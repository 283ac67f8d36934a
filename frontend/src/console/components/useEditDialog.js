// A console list's edit dialog: `edit(row)` opens it on a row (null: a new one), `saved(row)`
// says so (`savedText(row)`) and puts the row in place, or reloads the list for a new one.
// `list` is usePagedList's state.
import { ref } from 'vue'
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'

export function useEditDialog(list, savedText) {
  const editing = ref(false)
  const current = ref(null) // the row being changed; null for a new one

  function edit(row) {
    current.value = row
    editing.value = true
  }

  function saved(row) {
    ElMessage.success(savedText(row))
    if (current.value) list.replaceItem(row)
    else list.search()
  }

  return { editing, current, edit, saved }
}
