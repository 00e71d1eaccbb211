#ifndef EKSPIPE_CJANSSON_SHIM_H
#define EKSPIPE_CJANSSON_SHIM_H
#include <jansson.h>

/* jansson's type tests and reference counting are macros or inline functions that take the
   json_t by pointer; these wrappers give Swift functions it can call. */
static inline int ekspipe_json_typeof(const json_t *j) { return j ? (int)json_typeof(j) : -1; }
static inline json_t *ekspipe_json_incref(json_t *j) { return json_incref(j); }
static inline void ekspipe_json_decref(json_t *j) { json_decref(j); }
static inline int ekspipe_json_is_object(const json_t *j) { return json_is_object(j); }
static inline int ekspipe_json_is_array(const json_t *j) { return json_is_array(j); }

#endif
