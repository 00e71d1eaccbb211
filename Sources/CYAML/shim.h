#ifndef EKSPIPE_CYAML_SHIM_H
#define EKSPIPE_CYAML_SHIM_H
#include <yaml.h>
#include <stdlib.h>

/* libyaml's events and parser are plain structs; allocating them on the heap keeps one stable
   address per Swift handle. */
static inline yaml_parser_t *ekspipe_yaml_parser_new(void) { return (yaml_parser_t *)calloc(1, sizeof(yaml_parser_t)); }
static inline yaml_emitter_t *ekspipe_yaml_emitter_new(void) { return (yaml_emitter_t *)calloc(1, sizeof(yaml_emitter_t)); }
static inline yaml_event_t *ekspipe_yaml_event_new(void) { return (yaml_event_t *)calloc(1, sizeof(yaml_event_t)); }

#endif
