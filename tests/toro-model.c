/* toro-model.c: a reference model of toro-glib, run in lockstep with it
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <toro-glib/toro-glib.h>

#include "toro-debug-private.h"
#include "toro-model.h"

/* See toro-model.h for the idea. This file is the model: written from the
 * contract (API.md and the README), not from the library's code, and kept
 * deliberately naive (lists, linear scans) so that it is easy to check by
 * reading. */

int toro_model_mutation = 0;

/* Virtual time
 * ============
 *
 * GLib reads the monotonic clock with clock_gettime (CLOCK_MONOTONIC), for
 * g_get_monotonic_time () and for its main loop. Defined here, in the test
 * program, this clock_gettime () interposes on the C library's for every
 * caller in the process; while a thread runs the model it answers that
 * thread's CLOCK_MONOTONIC from a counter, and everything else (other
 * clocks, other threads, such as a fuzzer's watchdog) from the kernel. */

static _Thread_local gboolean vclock_on;
static _Thread_local gint64 vclock_usec;

int
clock_gettime (clockid_t        clock_id,
               struct timespec *tp)
{
  if (vclock_on && clock_id == CLOCK_MONOTONIC)
    {
      tp->tv_sec = vclock_usec / G_USEC_PER_SEC;
      tp->tv_nsec = (vclock_usec % G_USEC_PER_SEC) * 1000;
      return 0;
    }

  return syscall (SYS_clock_gettime, clock_id, tp);
}

/* Where each episode's clock starts: far from 0, so that 0 and 1 are past
 * deadlines like any other. */
#define VCLOCK_BASE G_GINT64_CONSTANT (1000000000000)
/* "Far" deadlines are this much ahead; a drain moves the clock past them. */
#define FAR_SPAN G_GINT64_CONSTANT (10000000000)

/* Random decisions: a seeded generator, or a fuzzer's bytes */

typedef struct
{
  guint64       state;
  const guint8 *bytes;     /* NULL: use the generator */
  gsize         n_bytes;
  gsize         pos;
  gboolean      exhausted;
} ModelRand;

static guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* A number in [0, n). */
static guint32
rand_below (ModelRand *r,
            guint32    n)
{
  guint32 v = 0;
  guint n_bytes;

  if (n <= 1)
    return 0;

  if (r->bytes == NULL)
    return (guint32) (((splitmix64 (&r->state) >> 32) * n) >> 32);

  n_bytes = n <= 0x100 ? 1 : n <= 0x10000 ? 2 : 4;
  for (guint i = 0; i < n_bytes; i++)
    {
      if (r->pos < r->n_bytes)
        v = (v << 8) | r->bytes[r->pos++];
      else
        r->exhausted = TRUE;
    }

  return v % n;
}

/* What the model knows */

typedef enum
{
  OUT_NONE,
  OUT_OK,
  OUT_TIMEOUT,
  OUT_CANCELLED,
  OUT_FAILED,     /* an AsyncResult holding an error */
} Outcome;

static const char * const outcome_names[] = { "none", "ok", "timeout", "cancelled", "failed" };

typedef enum
{
  ITEM_NONE,
  ITEM_INT,       /* G_TYPE_INT: key << 20 | id */
  ITEM_STRING,    /* G_TYPE_STRING: "k<key>-<id, 7 digits>" */
  ITEM_POINTER,   /* a PtrItem put with toro_queue_put_pointer_*() */
} ItemKind;

typedef struct
{
  guint8  kind;
  guint8  key;    /* priority, 0..7 */
  guint32 id;     /* unique within an episode */
} ItemDesc;

#define ITEM_ID_LIMIT (1u << 20)

typedef enum
{
  W_LOCK,
  W_READ,
  W_WRITE,
  W_SEM_ACQUIRE,
  W_SEM_WAIT,
  W_COND,
  W_EVENT,
  W_AR_GET,
  W_PUT,
  W_GET,
  W_JOIN,
} WaitKind;

static const char * const wait_names[] = {
  "acquire", "acquire_read", "acquire_write", "acquire", "wait", "wait", "wait", "get",
  "put", "get", "join",
};

/* What a waiter's callback does after finishing, if it succeeded (a
 * cancel: whatever the outcome). Both sides do it: the real callback
 * during the real dispatch, the model when it delivers. */
typedef enum
{
  AUTO_NONE,
  AUTO_RELEASE,    /* lock, rw-lock, semaphore: release what was granted */
  AUTO_CANCEL,     /* cancel some (other) waiter's cancellable */
  AUTO_NOTIFY,     /* condition: notify (1) */
  AUTO_CLEAR,      /* event: clear () */
  AUTO_REPUT,      /* queue getter: put_nowait () a new item */
  AUTO_TASK_DONE,  /* joinable queue getter: task_done () if any is unfinished */
} AutoAction;

static const char * const auto_names[] = {
  "", " then-release", " then-cancel", " then-notify", " then-clear", " then-put",
  " then-task-done",
};

typedef enum
{
  MW_QUEUED = 1,
  MW_DECIDED,     /* outcome known, in the model's ready list */
  MW_DELIVERED,
} WaiterState;

typedef struct _Model   Model;
typedef struct _MObj    MObj;
typedef struct _MWaiter MWaiter;
typedef struct _MCancel MCancel;

struct _MCancel
{
  guint         id;
  GCancellable *real;
  gboolean      cancelled;
  GPtrArray    *waiters;   /* MWaiter *: connected to it, in the order they connected */
};

struct _MWaiter
{
  Model      *model;
  MObj       *obj;
  GObject    *real_source;
  guint       id;
  guint       ctx;           /* index of the main context it waits from */
  guint8      kind;          /* WaitKind */
  guint8      state;         /* WaiterState */
  guint8      outcome;       /* decided by the model */
  guint8      auto_action;
  gboolean    pointer_finish;
  gboolean    was_queued;
  gboolean    real_delivered;
  gint64      deadline;
  guint64     dseq;          /* order of its deadline among equal ones */
  MCancel    *cancel;
  MCancel    *auto_cancel;
  ItemDesc    item;          /* a put's item; what a get got */
  ItemDesc    aux_item;      /* AUTO_REPUT's item */
  GQueue     *queue;         /* while queued */
  GList      *link;
  GList      *timed_link;
};

typedef enum
{
  ORDER_FIFO,
  ORDER_LIFO,
  ORDER_PRIORITY,          /* the default compare: numbers, strings, then the rest */
  ORDER_PRIORITY_CUSTOM,   /* a compare of the keys only: many ties */
} StoreOrder;

typedef struct
{
  ItemDesc item;
  guint64  seq;            /* arrival: ties leave in this order */
} Slot;

struct _MObj
{
  Model          *model;
  ToroModelKind   kind;
  guint           index;
  GObject        *real;
  gboolean        finalized;
  GQueue          q[3];    /* wait queues, see obj_queue_name () */

  gboolean        locked;        /* Lock */
  guint           max_readers;   /* RWLock */
  guint           readers;
  gboolean        writer;
  guint           read_holds;    /* delivered grants the test may release */
  guint           write_holds;
  guint           value;         /* Semaphores */
  guint           initial;
  guint           holds;         /* Lock, Semaphores */
  gboolean        flag;          /* Event */
  gboolean        ready;         /* AsyncResult */
  gboolean        failed;
  ItemDesc        result;
  guint           maxsize;       /* Queues */
  StoreOrder      order;
  GQueue          store;         /* Slot * */
  guint64         store_seq;
  guint           unfinished;    /* JoinableQueue */
  guint           compare_destroyed;
};

typedef struct
{
  guint32 id;
  guint8  outcome;
  guint8  aux;     /* 0: no action; 1: done; 2: refused (FULL, nothing unfinished) */
  ItemDesc item;
} LogEntry;

typedef enum
{
  OP_FLUSH, OP_ADVANCE, OP_CANCEL, OP_WAIT, OP_TRY, OP_RELEASE, OP_RELEASE_READ,
  OP_RELEASE_WRITE, OP_EXTRA_RELEASE, OP_MISUSE, OP_NOTIFY, OP_NOTIFY_ALL, OP_SET, OP_CLEAR,
  OP_SET_ERROR, OP_GET_NOWAIT, OP_RENEW, OP_PUT_NOWAIT, OP_TASK_DONE, OP_DRAIN, OP_CHECK,
} OpCode;

static const char * const op_names[] = {
  "flush", "advance", "cancel", "wait", "try", "release", "release_read", "release_write",
  "extra-release", "misuse", "notify", "notify_all", "set", "clear", "set_error", "get_nowait",
  "renew", "put_nowait", "task_done", "drain", "check",
};

typedef struct
{
  guint64 index;
  gint64  now;
  gint64  deadline;
  guint32 waiter;
  guint32 arg;
  guint8  op;
  guint8  obj;
  gint16  cancel;
} TraceEntry;

#define TRACE_LENGTH 48
#define N_CONTEXTS 2
#define MAX_QUEUED 40

struct _Model
{
  ModelRand       rand;
  ToroModelKind   kind;
  guint64         seed;
  const char     *reproduce;
  ToroModelStats  stats;
  /* Waiters start from either: the thread's default context, or a second
   * one pushed as thread-default around the _async call. Each has its own
   * deliveries and its own deadline timer. */
  GMainContext   *contexts[N_CONTEXTS];
  gint            iterating;   /* the context being flushed, or -1 */

  GPtrArray      *objs;        /* MObj *, this episode */
  GPtrArray      *waiters;     /* MWaiter *, this episode */
  GPtrArray      *cancels;     /* MCancel *, this episode */
  GPtrArray      *live_cancels;
  GQueue          ready[N_CONTEXTS];  /* decided, not yet delivered: each context's dispatcher */
  GQueue          timed[N_CONTEXTS];  /* queued waiters with a deadline, by dseq: each timer */
  GArray         *expected;    /* LogEntry, delivered by the model since the last flush */
  GArray         *actual;      /* LogEntry, seen by the real callbacks since the last flush */
  guint           n_queued;
  guint           next_waiter_id;
  guint32         next_item_id;
  guint           next_cancel_id;
  guint64         next_dseq;
  gboolean        in_toro;     /* inside a call into toro-glib: no callback may run */
  gint            ptr_items_live;
  gint            objects_alive;
  gint            results_alive;
  guint64         episode;
  guint64         op_index;

  TraceEntry      trace[TRACE_LENGTH];
  guint           trace_pos;
};

#define TORO_CALL(m, stmt) \
  G_STMT_START { (m)->in_toro = TRUE; stmt; (m)->in_toro = FALSE; } G_STMT_END

/* An _async call, from the waiter's own thread-default context. */
#define ASYNC_CALL(m, w, stmt) \
  G_STMT_START { \
    GMainContext *_ctx = (m)->contexts[(w)->ctx]; \
    if ((w)->ctx != 0) \
      g_main_context_push_thread_default (_ctx); \
    TORO_CALL ((m), stmt); \
    if ((w)->ctx != 0) \
      g_main_context_pop_thread_default (_ctx); \
  } G_STMT_END

/* The error an AsyncResult may be set to. */
#define MODEL_ERROR (g_quark_from_static_string ("toro-model-error"))
#define MODEL_ERROR_CODE 7

/* Failure reports */

static const char *
obj_name (MObj *o)
{
  return o == NULL ? "-" : toro_model_kind_name (o->kind);
}

static void
format_item (GString        *s,
             const ItemDesc *item)
{
  static const char kinds[] = "-isp";

  if (item->kind != ITEM_NONE)
    g_string_append_printf (s, "(%c%u.%u)", kinds[item->kind], item->key, item->id);
}

static void
format_log (GString    *s,
            const char *name,
            GArray     *log)
{
  g_string_append_printf (s, "  %s (%u):", name, log->len);
  for (guint i = 0; i < log->len; i++)
    {
      const LogEntry *e = &g_array_index (log, LogEntry, i);

      g_string_append_printf (s, " w%u:%s", e->id, outcome_names[e->outcome]);
      format_item (s, &e->item);
      if (e->aux != 0)
        g_string_append_printf (s, "/%s", e->aux == 1 ? "done" : "refused");
    }
  g_string_append_c (s, '\n');
}

static void
trace_add (Model   *m,
           OpCode   op,
           MObj    *o,
           MWaiter *w,
           guint32  arg)
{
  TraceEntry *t = &m->trace[m->trace_pos++ % TRACE_LENGTH];

  t->index = m->op_index;
  t->now = vclock_usec;
  t->op = op;
  t->obj = o != NULL ? o->index : 0xff;
  t->waiter = w != NULL ? w->id : G_MAXUINT32;
  t->deadline = w != NULL ? w->deadline : 0;
  t->cancel = w != NULL && w->cancel != NULL ? (gint16) w->cancel->id : -1;
  t->arg = arg;
}

static void
format_trace (Model   *m,
              GString *s)
{
  guint n = MIN (m->trace_pos, TRACE_LENGTH);

  g_string_append_printf (s, "  last %u operations (obj: index into this episode's objects):\n", n);
  for (guint i = m->trace_pos - n; i < m->trace_pos; i++)
    {
      const TraceEntry *t = &m->trace[i % TRACE_LENGTH];
      MObj *o = t->obj < m->objs->len ? m->objs->pdata[t->obj] : NULL;

      g_string_append_printf (s, "    #%" G_GUINT64_FORMAT " %s[%d] %s", t->index, obj_name (o),
                              t->obj == 0xff ? -1 : t->obj, op_names[t->op]);
      if (t->waiter != G_MAXUINT32)
        {
          MWaiter *w = NULL;

          for (guint j = 0; j < m->waiters->len; j++)
            if (((MWaiter *) m->waiters->pdata[j])->id == t->waiter)
              w = m->waiters->pdata[j];

          g_string_append_printf (s, " w%u %s", t->waiter, w != NULL ? wait_names[w->kind] : "?");
          if (t->deadline == -1)
            g_string_append (s, " deadline=none");
          else if (t->deadline == G_MAXINT64)
            g_string_append (s, " deadline=G_MAXINT64");
          else if (t->deadline < t->now - G_GINT64_CONSTANT (1000000000))
            g_string_append_printf (s, " deadline=%" G_GINT64_FORMAT, t->deadline);
          else
            g_string_append_printf (s, " deadline=now%+" G_GINT64_FORMAT, t->deadline - t->now);
          if (t->cancel >= 0)
            g_string_append_printf (s, " cancel=c%d", t->cancel);
          if (w != NULL)
            {
              g_string_append (s, auto_names[w->auto_action]);
              if (w->kind == W_PUT)
                format_item (s, &w->item);
            }
        }
      if (t->op == OP_ADVANCE || t->op == OP_NOTIFY || t->op == OP_CANCEL)
        g_string_append_printf (s, " %u", t->arg);
      g_string_append_c (s, '\n');
    }
}

static void G_GNUC_PRINTF (2, 3) G_GNUC_NORETURN
model_fail (Model      *m,
            const char *format,
            ...)
{
  GString *s = g_string_new (NULL);
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_string_append_printf (s, "toro-model: %s: toro-glib and the model disagree, "
                          "episode %" G_GUINT64_FORMAT ", operation %" G_GUINT64_FORMAT
                          " (mutation %d):\n  %s\n",
                          toro_model_kind_name (m->kind), m->episode, m->op_index,
                          toro_model_mutation, message);
  format_trace (m, s);
  format_log (s, "model delivered", m->expected);
  format_log (s, "toro delivered", m->actual);
  g_string_append_printf (s, "  stream seed %" G_GUINT64_FORMAT "; reproduce with: %s\n",
                          m->seed, m->reproduce != NULL ? m->reproduce : "(the same input)");

  /* Before the abort, in case stderr is all that is kept. */
  fputs (s->str, stderr);
  fflush (stderr);
  g_error ("toro-model: %s (reproduce with: %s)", message,
           m->reproduce != NULL ? m->reproduce : "the same input");
}

#define model_check(m, cond, ...) \
  G_STMT_START { if (G_UNLIKELY (!(cond))) model_fail ((m), __VA_ARGS__); } G_STMT_END

/* Items */

typedef struct
{
  guint32  magic;
  ItemDesc desc;
  Model   *model;
} PtrItem;

#define PTR_ITEM_MAGIC 0x746f726fu
#define PTR_ITEM_DEAD  0xdeadbeefu

static PtrItem *
ptr_item_new (Model          *m,
              const ItemDesc *desc)
{
  PtrItem *p = g_new (PtrItem, 1);

  p->magic = PTR_ITEM_MAGIC;
  p->desc = *desc;
  p->model = m;
  m->ptr_items_live++;

  return p;
}

/* The free function handed to the queue: exactly once per item. */
static void
ptr_item_free (gpointer data)
{
  PtrItem *p = data;

  if (p->magic != PTR_ITEM_MAGIC)
    g_error ("toro-model: a pointer item was freed twice, or was not ours (magic %x)", p->magic);
  p->magic = PTR_ITEM_DEAD;
  p->model->ptr_items_live--;
  g_free (p);
}

static ItemDesc
new_item (Model *m)
{
  ItemDesc d;
  guint r = rand_below (&m->rand, 10);

  d.kind = r < 6 ? ITEM_INT : r < 8 ? ITEM_STRING : ITEM_POINTER;
  d.key = rand_below (&m->rand, 8);
  d.id = m->next_item_id++;

  return d;
}

static char *
item_string (const ItemDesc *d)
{
  return g_strdup_printf ("k%u-%07u", d->key, d->id);
}

static void
item_to_value (const ItemDesc *d,
               GValue         *value)
{
  if (d->kind == ITEM_INT)
    {
      g_value_init (value, G_TYPE_INT);
      g_value_set_int (value, (int) ((guint32) d->key << 20 | d->id));
    }
  else
    {
      g_value_init (value, G_TYPE_STRING);
      g_value_take_string (value, item_string (d));
    }
}

static ItemDesc
string_to_item (Model      *m,
                const char *str)
{
  ItemDesc d = { ITEM_STRING, 0, 0 };
  unsigned key, id;

  model_check (m, str != NULL && sscanf (str, "k%u-%u", &key, &id) == 2,
               "got a string item that no put made: \"%s\"", str != NULL ? str : "(null)");
  d.key = key;
  d.id = id;
  return d;
}

static ItemDesc
pointer_to_item (Model   *m,
                 gpointer pointer)
{
  PtrItem *p = pointer;
  ItemDesc d;

  model_check (m, p != NULL && p->magic == PTR_ITEM_MAGIC, "got a pointer item that is not live");
  d = p->desc;
  ptr_item_free (p);   /* the getter owns it */
  return d;
}

/* Takes @value. */
static ItemDesc
value_to_item (Model  *m,
               GValue *value)
{
  ItemDesc d = { ITEM_NONE, 0, 0 };

  if (G_VALUE_HOLDS_INT (value))
    {
      guint32 v = (guint32) g_value_get_int (value);

      d.kind = ITEM_INT;
      d.key = v >> 20;
      d.id = v & (ITEM_ID_LIMIT - 1);
    }
  else if (G_VALUE_HOLDS_STRING (value))
    d = string_to_item (m, g_value_get_string (value));
  else if (G_VALUE_HOLDS_POINTER (value))
    d = pointer_to_item (m, g_value_get_pointer (value));
  else
    model_fail (m, "got an item of type %s", G_VALUE_TYPE_NAME (value));

  g_boxed_free (G_TYPE_VALUE, value);
  return d;
}

static gboolean
item_equal (const ItemDesc *a,
            const ItemDesc *b)
{
  return a->kind == b->kind && (a->kind == ITEM_NONE || (a->key == b->key && a->id == b->id));
}

/* The key of a real item, for the custom comparator. */
static guint
value_key (const GValue *value)
{
  if (G_VALUE_HOLDS_INT (value))
    return (guint32) g_value_get_int (value) >> 20;
  if (G_VALUE_HOLDS_STRING (value))
    return (guint) (g_value_get_string (value)[1] - '0');
  return ((PtrItem *) g_value_get_pointer (value))->desc.key;
}

static gint
custom_compare (const GValue *a,
                const GValue *b,
                gpointer      data)
{
  MObj *o = data;
  guint ka = value_key (a), kb = value_key (b);

  g_assert_true (o->kind == TORO_MODEL_PRIORITY_QUEUE && o->order == ORDER_PRIORITY_CUSTOM);
  return (ka > kb) - (ka < kb);
}

static void
custom_compare_destroy (gpointer data)
{
  ((MObj *) data)->compare_destroyed++;
}

/* The model's store */

static int
model_compare (MObj           *o,
               const ItemDesc *a,
               const ItemDesc *b)
{
  int ca, cb;

  if (o->order == ORDER_PRIORITY_CUSTOM)
    return (a->key > b->key) - (a->key < b->key);

  /* Numbers first, by value; then strings, bytewise (key, then the
   * zero-padded id); then anything else, all equal. */
  ca = a->kind == ITEM_INT ? 0 : a->kind == ITEM_STRING ? 1 : 2;
  cb = b->kind == ITEM_INT ? 0 : b->kind == ITEM_STRING ? 1 : 2;
  if (ca != cb)
    return (ca > cb) - (ca < cb);
  if (ca == 2)
    return 0;
  if (a->key != b->key)
    return (a->key > b->key) - (a->key < b->key);
  return (a->id > b->id) - (a->id < b->id);
}

static void
store_push (MObj           *o,
            const ItemDesc *item)
{
  Slot *slot = g_new (Slot, 1);

  slot->item = *item;
  slot->seq = o->store_seq++;
  g_queue_push_tail (&o->store, slot);
}

static ItemDesc
store_pop (MObj *o)
{
  GList *best = NULL;
  Slot *slot;
  ItemDesc item;

  switch (o->order)
    {
    case ORDER_FIFO:
      best = o->store.head;
      break;
    case ORDER_LIFO:
      best = o->store.tail;
      break;
    case ORDER_PRIORITY:
    case ORDER_PRIORITY_CUSTOM:
    default:
      /* Lowest first; equal ones in arrival order, which is list order. */
      for (GList *l = o->store.head; l != NULL; l = l->next)
        if (best == NULL || model_compare (o, &((Slot *) l->data)->item,
                                           &((Slot *) best->data)->item) < 0)
          best = l;
      break;
    }

  slot = best->data;
  item = slot->item;
  g_queue_delete_link (&o->store, best);
  g_free (slot);

  return item;
}

static gboolean
store_full (MObj *o)
{
  return o->maxsize != 0 && o->store.length >= o->maxsize;
}

/* Cancellables */

static GCancellable *
cancel_real (MCancel *c)
{
  return c != NULL ? c->real : NULL;
}

static MCancel *
cancel_new (Model *m)
{
  MCancel *c = g_new0 (MCancel, 1);

  c->id = m->next_cancel_id++;
  c->real = g_cancellable_new ();
  c->waiters = g_ptr_array_new ();
  g_ptr_array_add (m->cancels, c);
  g_ptr_array_add (m->live_cancels, c);

  return c;
}

static void
cancel_free (MCancel *c)
{
  g_object_unref (c->real);
  g_ptr_array_unref (c->waiters);
  g_free (c);
}

/* Waiters */

static MWaiter *
queue_head (GQueue *queue)
{
  /* Mutation 1: serve the newest waiter first. */
  return toro_model_mutation == 1 ? g_queue_peek_tail (queue) : g_queue_peek_head (queue);
}

static gboolean
is_past (MWaiter *w)
{
  return w->deadline != -1 && w->deadline <= vclock_usec;
}

/* The outcome of @w is decided: it leaves its queue and joins the ready
 * list, to be delivered in this order. */
static void
decide (Model   *m,
        MWaiter *w,
        Outcome  outcome)
{
  g_assert_true (w->state == 0 || w->state == MW_QUEUED);

  if (w->state == MW_QUEUED)
    {
      g_queue_delete_link (w->queue, w->link);
      w->queue = NULL;
      w->link = NULL;
      if (w->timed_link != NULL)
        {
          g_queue_delete_link (&m->timed[w->ctx], w->timed_link);
          w->timed_link = NULL;
        }
      m->n_queued--;
      if (outcome == OUT_OK && w->deadline != -1 && w->deadline <= vclock_usec)
        m->stats.grant_after_deadline++;
    }

  w->state = MW_DECIDED;
  w->outcome = outcome;
  /* Mutation 6: deliver every completion from the first context. */
  g_queue_push_tail (&m->ready[toro_model_mutation == 6 ? 0 : w->ctx], w);

  switch (outcome)
    {
    case OUT_OK: m->stats.granted++; break;
    case OUT_TIMEOUT: m->stats.timed_out++; break;
    case OUT_CANCELLED: m->stats.cancelled++; break;
    case OUT_FAILED: m->stats.failed++; break;
    case OUT_NONE:
    default: g_assert_not_reached ();
    }
}

static void
enqueue (Model   *m,
         MWaiter *w,
         GQueue  *queue)
{
  w->state = MW_QUEUED;
  w->was_queued = TRUE;
  w->queue = queue;
  g_queue_push_tail (queue, w);
  w->link = queue->tail;

  if (w->deadline != -1)
    {
      w->dseq = m->next_dseq++;
      g_queue_push_tail (&m->timed[w->ctx], w);
      w->timed_link = m->timed[w->ctx].tail;
    }

  /* Connected to its cancellable, after every waiter queued before it. */
  if (w->cancel != NULL)
    g_ptr_array_add (w->cancel->waiters, w);

  m->n_queued++;
  m->stats.max_queued = MAX (m->stats.max_queued, m->n_queued);
}

/* The start of every wait: an already-cancelled cancellable fails it at
 * once, whatever is available. */
static gboolean
start_cancelled (Model   *m,
                 MWaiter *w)
{
  /* Mutation 2: let an already-cancelled wait take what is available. */
  if (toro_model_mutation == 2)
    return FALSE;

  if (w->cancel == NULL || !w->cancel->cancelled)
    return FALSE;

  m->stats.cancelled_before++;
  decide (m, w, OUT_CANCELLED);
  return TRUE;
}

static void
start_granted (Model   *m,
               MWaiter *w)
{
  if (is_past (w))
    m->stats.past_granted++;
  decide (m, w, OUT_OK);
}

/* The rule said no: a past deadline fails now, anything else waits. */
static void
start_waiting (Model   *m,
               MWaiter *w,
               GQueue  *queue)
{
  if (is_past (w))
    {
      m->stats.past_timed_out++;
      decide (m, w, OUT_TIMEOUT);
      return;
    }

  enqueue (m, w, queue);
}

/* Mutation 3: a past deadline times out even when the operation could
 * succeed at once. */
static gboolean
mutated_past (MWaiter *w)
{
  return toro_model_mutation == 3 && is_past (w);
}

/* The primitives' rules */

static guint
rw_limit (MObj *o)
{
  return o->max_readers == 0 ? G_MAXUINT : o->max_readers;
}

static gboolean
rw_can_read (MObj *o)
{
  return !o->writer && o->readers < rw_limit (o);
}

static gboolean
rw_can_write (MObj *o)
{
  return !o->writer && o->readers == 0;
}

/* Lets in the waiters at the head that can go: one queue, FIFO, so a
 * writer holds up every reader behind it. */
static guint
rw_grant (Model *m,
          MObj  *o)
{
  MWaiter *head;
  guint n = 0;

  while ((head = queue_head (&o->q[0])) != NULL)
    {
      if (head->kind == W_READ && rw_can_read (o))
        o->readers++;
      else if (head->kind == W_WRITE && rw_can_write (o))
        o->writer = TRUE;
      else
        break;

      decide (m, head, OUT_OK);
      n++;
    }

  return n;
}

/* A queued waiter leaves by its deadline or its cancellable. */
static void
remove_waiter (Model   *m,
               MWaiter *w,
               Outcome  outcome)
{
  decide (m, w, outcome);

  /* The only primitive whose queue head can hold others up. */
  if (w->obj->kind == TORO_MODEL_RW_LOCK)
    m->stats.removal_grants += rw_grant (m, w->obj);
}

static void
model_lock_release (Model *m,
                    MObj  *o)
{
  MWaiter *next = queue_head (&o->q[0]);

  /* Handed straight to the next waiter: still locked. */
  if (next != NULL)
    decide (m, next, OUT_OK);
  else
    o->locked = FALSE;
}

static void
model_rw_release_read (Model *m,
                       MObj  *o)
{
  o->readers--;
  rw_grant (m, o);
}

static void
model_rw_release_write (Model *m,
                        MObj  *o)
{
  o->writer = FALSE;
  rw_grant (m, o);
}

/* FALSE: misuse, a critical and no change. */
static gboolean
model_sem_release_ok (MObj *o)
{
  return !(o->kind == TORO_MODEL_BOUNDED_SEMAPHORE && o->value >= o->initial);
}

static void
model_sem_release (Model *m,
                   MObj  *o)
{
  MWaiter *next;

  /* Mutation 4: wake wait () callers before acquire () callers. */
  if (toro_model_mutation == 4 && o->value == 0 && !g_queue_is_empty (&o->q[1]))
    while (!g_queue_is_empty (&o->q[1]))
      decide (m, g_queue_peek_head (&o->q[1]), OUT_OK);

  /* A permit goes to the first acquire (), before any wait (). */
  next = queue_head (&o->q[0]);
  if (next != NULL)
    {
      decide (m, next, OUT_OK);
      return;
    }

  o->value++;
  /* Unlocked: every wait () returns. */
  if (o->value == 1)
    while (!g_queue_is_empty (&o->q[1]))
      decide (m, queue_head (&o->q[1]), OUT_OK);
}

static void
model_cond_notify (Model *m,
                   MObj  *o,
                   guint  n)
{
  MWaiter *next;

  while (n-- > 0 && (next = queue_head (&o->q[0])) != NULL)
    decide (m, next, OUT_OK);
}

static void
model_event_set (Model *m,
                 MObj  *o)
{
  if (o->flag)
    return;

  o->flag = TRUE;
  while (!g_queue_is_empty (&o->q[0]))
    decide (m, queue_head (&o->q[0]), OUT_OK);
}

static void
model_ar_fill (Model          *m,
               MObj           *o,
               gboolean        failed,
               const ItemDesc *item)
{
  MWaiter *w;

  o->ready = TRUE;
  o->failed = failed;
  o->result = *item;
  while ((w = queue_head (&o->q[0])) != NULL)
    {
      w->item = failed ? (ItemDesc) { ITEM_NONE, 0, 0 } : *item;
      decide (m, w, failed ? OUT_FAILED : OUT_OK);
    }
}

static void
item_added (MObj *o)
{
  if (o->kind == TORO_MODEL_JOINABLE_QUEUE)
    o->unfinished++;
}

/* The put rule: hand @item to the first getter, or store it if there is
 * room and no putter is waiting ahead. */
static gboolean
model_put (Model          *m,
           MObj           *o,
           const ItemDesc *item)
{
  MWaiter *getter = queue_head (&o->q[0]);

  if (getter != NULL)
    {
      model_check (m, o->store.length == 0, "model: getters wait on a non-empty queue");
      item_added (o);
      getter->item = *item;
      decide (m, getter, OUT_OK);
      m->stats.hand_offs++;
      return TRUE;
    }

  if (!g_queue_is_empty (&o->q[1]) || store_full (o))
    return FALSE;

  store_push (o, item);
  item_added (o);
  return TRUE;
}

/* The get rule: a waiting putter (so the store is full) puts its item in
 * first, and its put completes; then the next item in the store's order. */
static gboolean
model_get (Model    *m,
           MObj     *o,
           ItemDesc *out)
{
  MWaiter *putter = queue_head (&o->q[1]);

  if (putter != NULL)
    {
      model_check (m, store_full (o), "model: putters wait on a queue with room");
      if (toro_model_mutation == 5)
        {
          /* Mutation 5: take from the store before admitting the putter. */
          *out = store_pop (o);
          store_push (o, &putter->item);
        }
      else
        {
          store_push (o, &putter->item);
          *out = store_pop (o);
        }
      item_added (o);
      decide (m, putter, OUT_OK);
      m->stats.putters_admitted++;
      return TRUE;
    }

  if (o->store.length == 0)
    return FALSE;

  *out = store_pop (o);
  return TRUE;
}

static void
model_task_done (Model *m,
                 MObj  *o)
{
  o->unfinished--;
  if (o->unfinished == 0)
    while (!g_queue_is_empty (&o->q[2]))
      decide (m, queue_head (&o->q[2]), OUT_OK);
}

/* Misuse: a critical, and nothing changes */

static gboolean
may_misuse (void)
{
  return g_test_undefined ();
}

static void
expect_critical (Model      *m,
                 const char *pattern)
{
  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, pattern);
  m->stats.misuse_criticals++;
}

/* Checking the real objects against the model */

static void
check_obj (Model *m,
           MObj  *o)
{
  guint real_u, real_u2, model_u;
  gboolean real_b, model_b;

  m->in_toro = TRUE;

  switch (o->kind)
    {
    case TORO_MODEL_LOCK:
      real_b = toro_lock_is_locked (TORO_LOCK (o->real));
      model_check (m, real_b == o->locked, "lock: is_locked %d, model %d", real_b, o->locked);
      real_u = toro_lock_debug_n_waiters (TORO_LOCK (o->real));
      model_check (m, real_u == o->q[0].length, "lock: %u waiters, model %u",
                   real_u, o->q[0].length);
      break;

    case TORO_MODEL_RW_LOCK:
      real_b = toro_rw_lock_is_locked (TORO_RW_LOCK (o->real));
      model_b = o->writer || o->readers >= rw_limit (o);
      model_check (m, real_b == model_b, "rw-lock: is_locked %d, model %d", real_b, model_b);
      real_u = toro_rw_lock_get_n_readers (TORO_RW_LOCK (o->real));
      model_check (m, real_u == o->readers, "rw-lock: %u readers, model %u", real_u, o->readers);
      real_u = toro_rw_lock_debug_n_waiters (TORO_RW_LOCK (o->real));
      model_check (m, real_u == o->q[0].length, "rw-lock: %u waiters, model %u",
                   real_u, o->q[0].length);
      break;

    case TORO_MODEL_SEMAPHORE:
    case TORO_MODEL_BOUNDED_SEMAPHORE:
      real_u = toro_semaphore_get_value (TORO_SEMAPHORE (o->real));
      model_check (m, real_u == o->value, "semaphore: value %u, model %u", real_u, o->value);
      real_b = toro_semaphore_is_locked (TORO_SEMAPHORE (o->real));
      model_check (m, real_b == (o->value == 0), "semaphore: is_locked %d, value %u",
                   real_b, o->value);
      real_u = toro_semaphore_debug_n_acquirers (TORO_SEMAPHORE (o->real));
      real_u2 = toro_semaphore_debug_n_waiters (TORO_SEMAPHORE (o->real));
      model_check (m, real_u == o->q[0].length && real_u2 == o->q[1].length,
                   "semaphore: %u acquirers and %u waiters, model %u and %u",
                   real_u, real_u2, o->q[0].length, o->q[1].length);
      break;

    case TORO_MODEL_CONDITION:
      real_u = toro_condition_debug_n_waiters (TORO_CONDITION (o->real));
      model_check (m, real_u == o->q[0].length, "condition: %u waiters, model %u",
                   real_u, o->q[0].length);
      break;

    case TORO_MODEL_EVENT:
      real_b = toro_event_is_set (TORO_EVENT (o->real));
      model_check (m, real_b == o->flag, "event: is_set %d, model %d", real_b, o->flag);
      real_u = toro_event_debug_n_waiters (TORO_EVENT (o->real));
      model_check (m, real_u == o->q[0].length, "event: %u waiters, model %u",
                   real_u, o->q[0].length);
      break;

    case TORO_MODEL_ASYNC_RESULT:
      real_b = toro_async_result_is_ready (TORO_ASYNC_RESULT (o->real));
      model_check (m, real_b == o->ready, "async-result: is_ready %d, model %d", real_b, o->ready);
      real_u = toro_async_result_debug_n_waiters (TORO_ASYNC_RESULT (o->real));
      model_check (m, real_u == o->q[0].length, "async-result: %u waiters, model %u",
                   real_u, o->q[0].length);
      break;

    case TORO_MODEL_QUEUE:
    case TORO_MODEL_LIFO_QUEUE:
    case TORO_MODEL_PRIORITY_QUEUE:
    case TORO_MODEL_JOINABLE_QUEUE:
      real_u = toro_queue_qsize (TORO_QUEUE (o->real));
      model_check (m, real_u == o->store.length, "queue: qsize %u, model %u",
                   real_u, o->store.length);
      real_b = toro_queue_full (TORO_QUEUE (o->real));
      model_check (m, real_b == store_full (o), "queue: full %d, model %d", real_b, store_full (o));
      real_b = toro_queue_empty (TORO_QUEUE (o->real));
      model_check (m, real_b == (o->store.length == 0), "queue: empty %d, qsize %u",
                   real_b, o->store.length);
      real_u = toro_queue_debug_n_getters (TORO_QUEUE (o->real));
      real_u2 = toro_queue_debug_n_putters (TORO_QUEUE (o->real));
      model_check (m, real_u == o->q[0].length && real_u2 == o->q[1].length,
                   "queue: %u getters and %u putters, model %u and %u",
                   real_u, real_u2, o->q[0].length, o->q[1].length);
      if (o->kind == TORO_MODEL_JOINABLE_QUEUE)
        {
          real_u = toro_joinable_queue_get_unfinished_tasks (TORO_JOINABLE_QUEUE (o->real));
          model_check (m, real_u == o->unfinished, "joinable-queue: %u unfinished, model %u",
                       real_u, o->unfinished);
          real_u = toro_joinable_queue_debug_n_joiners (TORO_JOINABLE_QUEUE (o->real));
          model_check (m, real_u == o->q[2].length, "joinable-queue: %u joiners, model %u",
                       real_u, o->q[2].length);
        }
      break;

    case TORO_MODEL_N_KINDS:
    default:
      g_assert_not_reached ();
    }

  /* Every queued deadline, and only those, in its own context's timer. */
  for (guint k = 0; k < N_CONTEXTS; k++)
    {
      g_main_context_push_thread_default (m->contexts[k]);
      real_u = toro_dispatcher_debug_n_deadlines ();
      g_main_context_pop_thread_default (m->contexts[k]);
      model_u = m->timed[k].length;
      model_check (m, real_u == model_u, "context %u: %u deadlines in its timer, model %u",
                   k, real_u, model_u);
    }

  m->in_toro = FALSE;
}

/* Delivery: the real callbacks, and the model's */

static void
result_finalized_cb (gpointer  data,
                     GObject  *where_the_object_was)
{
  ((Model *) data)->results_alive--;
}

static Outcome
error_outcome (Model   *m,
               MWaiter *w,
               GError  *error)
{
  model_check (m, error != NULL, "waiter %u: _finish failed without an error", w->id);
  model_check (m, error->message != NULL && error->message[0] != '\0',
               "waiter %u: an error without a message", w->id);

  if (g_error_matches (error, TORO_ERROR, TORO_ERROR_TIMEOUT))
    return OUT_TIMEOUT;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return OUT_CANCELLED;
  if (w->kind == W_AR_GET && g_error_matches (error, MODEL_ERROR, MODEL_ERROR_CODE))
    return OUT_FAILED;

  model_fail (m, "waiter %u: unexpected error %s %d: %s", w->id,
              g_quark_to_string (error->domain), error->code, error->message);
}

static gboolean
real_put_item (Model          *m,
               MObj           *o,
               const ItemDesc *item)
{
  GError *error = NULL;
  gboolean put;

  if (item->kind == ITEM_POINTER)
    {
      PtrItem *p = ptr_item_new (m, item);

      TORO_CALL (m, put = toro_queue_put_pointer_nowait (TORO_QUEUE (o->real), p, ptr_item_free,
                                                         &error));
      /* Refused: still ours. */
      if (!put)
        ptr_item_free (p);
    }
  else
    {
      GValue value = G_VALUE_INIT;

      item_to_value (item, &value);
      TORO_CALL (m, put = toro_queue_put_nowait (TORO_QUEUE (o->real), &value, &error));
      g_value_unset (&value);
    }

  if (put)
    model_check (m, error == NULL, "put_nowait succeeded with an error");
  else
    model_check (m, g_error_matches (error, TORO_ERROR, TORO_ERROR_FULL),
                 "put_nowait failed without TORO_ERROR_FULL");
  g_clear_error (&error);

  return put;
}

static void
real_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  MWaiter *w = user_data;
  Model *m = w->model;
  MObj *o = w->obj;
  GError *error = NULL;
  LogEntry e = { w->id, OUT_NONE, 0, { ITEM_NONE, 0, 0 } };
  gboolean ok = FALSE;

  model_check (m, !m->in_toro, "waiter %u: the callback ran inside a toro_*() call", w->id);
  model_check (m, m->iterating == (gint) w->ctx && g_main_context_is_owner (m->contexts[w->ctx]),
               "waiter %u: the callback ran outside its own context's dispatch "
               "(context %u; context %d was being iterated)", w->id, w->ctx, m->iterating);
  model_check (m, !w->real_delivered, "waiter %u: the callback ran twice", w->id);
  model_check (m, source == w->real_source, "waiter %u: wrong source object", w->id);
  model_check (m, g_async_result_get_user_data (result) == w, "waiter %u: wrong user data", w->id);
  w->real_delivered = TRUE;

  m->results_alive++;
  g_object_weak_ref (G_OBJECT (result), result_finalized_cb, m);

  switch ((WaitKind) w->kind)
    {
    case W_LOCK:
      ok = toro_lock_acquire_finish (TORO_LOCK (source), result, &error);
      break;
    case W_READ:
      ok = toro_rw_lock_acquire_read_finish (TORO_RW_LOCK (source), result, &error);
      break;
    case W_WRITE:
      ok = toro_rw_lock_acquire_write_finish (TORO_RW_LOCK (source), result, &error);
      break;
    case W_SEM_ACQUIRE:
      ok = toro_semaphore_acquire_finish (TORO_SEMAPHORE (source), result, &error);
      break;
    case W_SEM_WAIT:
      ok = toro_semaphore_wait_finish (TORO_SEMAPHORE (source), result, &error);
      break;
    case W_COND:
      ok = toro_condition_wait_finish (TORO_CONDITION (source), result, &error);
      break;
    case W_EVENT:
      ok = toro_event_wait_finish (TORO_EVENT (source), result, &error);
      break;
    case W_JOIN:
      ok = toro_joinable_queue_join_finish (TORO_JOINABLE_QUEUE (source), result, &error);
      break;
    case W_PUT:
      ok = toro_queue_put_finish (TORO_QUEUE (source), result, &error);
      break;
    case W_AR_GET:
      {
        GValue *value = toro_async_result_get_finish (TORO_ASYNC_RESULT (source), result, &error);

        ok = value != NULL;
        if (ok)
          e.item = value_to_item (m, value);
      }
      break;
    case W_GET:
      /* The model already knows what the getter got, if anything: use the
       * pointer variant where it applies. */
      if (w->pointer_finish && w->state >= MW_DECIDED && w->outcome == OUT_OK &&
          w->item.kind != ITEM_INT)
        {
          gpointer pointer = toro_queue_get_pointer_finish (TORO_QUEUE (source), result, &error);

          ok = pointer != NULL;
          if (ok && w->item.kind == ITEM_STRING)
            {
              e.item = string_to_item (m, pointer);
              g_free (pointer);
            }
          else if (ok)
            e.item = pointer_to_item (m, pointer);
        }
      else
        {
          GValue *value = toro_queue_get_finish (TORO_QUEUE (source), result, &error);

          ok = value != NULL;
          if (ok)
            e.item = value_to_item (m, value);
        }
      break;
    default:
      g_assert_not_reached ();
    }

  if (ok)
    {
      model_check (m, error == NULL, "waiter %u: success with an error", w->id);
      e.outcome = OUT_OK;
    }
  else
    e.outcome = error_outcome (m, w, error);
  g_clear_error (&error);

  /* What the waiter's owner does next, from the callback. */
  if (e.outcome == OUT_OK && w->auto_action != AUTO_NONE && w->auto_action != AUTO_CANCEL)
    {
      e.aux = 1;
      m->in_toro = TRUE;
      switch ((AutoAction) w->auto_action)
        {
        case AUTO_RELEASE:
          if (w->kind == W_LOCK)
            toro_lock_release (TORO_LOCK (source));
          else if (w->kind == W_READ)
            toro_rw_lock_release_read (TORO_RW_LOCK (source));
          else if (w->kind == W_WRITE)
            toro_rw_lock_release_write (TORO_RW_LOCK (source));
          else
            toro_semaphore_release (TORO_SEMAPHORE (source));
          break;
        case AUTO_NOTIFY:
          toro_condition_notify (TORO_CONDITION (source), 1);
          break;
        case AUTO_CLEAR:
          toro_event_clear (TORO_EVENT (source));
          break;
        case AUTO_REPUT:
          m->in_toro = FALSE;
          e.aux = real_put_item (m, o, &w->aux_item) ? 1 : 2;
          break;
        case AUTO_TASK_DONE:
          if (toro_joinable_queue_get_unfinished_tasks (TORO_JOINABLE_QUEUE (source)) > 0)
            toro_joinable_queue_task_done (TORO_JOINABLE_QUEUE (source));
          else
            e.aux = 2;
          break;
        case AUTO_NONE:
        case AUTO_CANCEL:
        default:
          g_assert_not_reached ();
        }
      m->in_toro = FALSE;
    }
  else if (w->auto_action == AUTO_CANCEL)
    {
      e.aux = 1;
      TORO_CALL (m, g_cancellable_cancel (w->auto_cancel->real));
    }

  g_array_append_val (m->actual, e);
}

static void model_cancel (Model *m, MCancel *c);

/* The model's delivery of @w, mirroring real_done (). */
static void
model_deliver (Model   *m,
               MWaiter *w)
{
  MObj *o = w->obj;
  LogEntry e = { w->id, w->outcome, 0, { ITEM_NONE, 0, 0 } };

  w->state = MW_DELIVERED;
  if ((w->kind == W_GET || w->kind == W_AR_GET) && w->outcome == OUT_OK)
    e.item = w->item;

  if (w->outcome == OUT_OK && w->auto_action != AUTO_NONE && w->auto_action != AUTO_CANCEL)
    {
      e.aux = 1;
      m->stats.callback_calls++;
      switch ((AutoAction) w->auto_action)
        {
        case AUTO_RELEASE:
          if (w->kind == W_LOCK)
            model_lock_release (m, o);
          else if (w->kind == W_READ)
            model_rw_release_read (m, o);
          else if (w->kind == W_WRITE)
            model_rw_release_write (m, o);
          else
            model_sem_release (m, o);
          break;
        case AUTO_NOTIFY:
          model_cond_notify (m, o, 1);
          break;
        case AUTO_CLEAR:
          o->flag = FALSE;
          break;
        case AUTO_REPUT:
          e.aux = model_put (m, o, &w->aux_item) ? 1 : 2;
          break;
        case AUTO_TASK_DONE:
          if (o->unfinished > 0)
            model_task_done (m, o);
          else
            e.aux = 2;
          break;
        case AUTO_NONE:
        case AUTO_CANCEL:
        default:
          g_assert_not_reached ();
        }
    }
  else
    {
      if (w->auto_action == AUTO_CANCEL)
        {
          e.aux = 1;
          m->stats.callback_calls++;
          if (!w->auto_cancel->cancelled)
            model_cancel (m, w->auto_cancel);
        }

      /* What the test now holds and may release later. */
      if (w->outcome == OUT_OK)
        {
          if (w->kind == W_LOCK || w->kind == W_SEM_ACQUIRE)
            o->holds++;
          else if (w->kind == W_READ)
            o->read_holds++;
          else if (w->kind == W_WRITE)
            o->write_holds++;
        }
    }

  g_array_append_val (m->expected, e);
}

static gint
compare_due (gconstpointer a,
             gconstpointer b)
{
  const MWaiter *wa = *(MWaiter * const *) a;
  const MWaiter *wb = *(MWaiter * const *) b;

  if (wa->deadline != wb->deadline)
    return wa->deadline < wb->deadline ? -1 : 1;
  /* Mutation 7: equal deadlines expire newest first. */
  if (toro_model_mutation == 7)
    return wa->dseq > wb->dseq ? -1 : wa->dseq < wb->dseq;
  return wa->dseq < wb->dseq ? -1 : wa->dseq > wb->dseq;
}

/* What one flush of the context does: its timer expires every due
 * deadline, earliest first (FIFO among equal ones), then everything
 * decided is delivered in the order it was decided. */
static void
model_flush (Model *m,
             guint  k)
{
  GPtrArray *due = g_ptr_array_new ();
  guint n_expired = 0;
  MWaiter *w;

  for (GList *l = m->timed[k].head; l != NULL; l = l->next)
    if (((MWaiter *) l->data)->deadline <= vclock_usec)
      g_ptr_array_add (due, l->data);
  g_ptr_array_sort (due, compare_due);

  for (guint i = 0; i < due->len; i++)
    {
      w = due->pdata[i];
      /* A writer's expiry may have let this one in already. */
      if (w->state == MW_QUEUED)
        {
          remove_waiter (m, w, OUT_TIMEOUT);
          n_expired++;
        }
    }
  if (n_expired > 1)
    m->stats.expired_in_batch++;
  g_ptr_array_unref (due);

  while ((w = g_queue_pop_head (&m->ready[k])) != NULL)
    model_deliver (m, w);
}

static void
compare_logs (Model *m)
{
  guint n = MIN (m->expected->len, m->actual->len);

  for (guint i = 0; i < n; i++)
    {
      const LogEntry *x = &g_array_index (m->expected, LogEntry, i);
      const LogEntry *a = &g_array_index (m->actual, LogEntry, i);

      model_check (m, x->id == a->id && x->outcome == a->outcome && x->aux == a->aux &&
                   item_equal (&x->item, &a->item),
                   "completion %u differs: model w%u:%s, toro w%u:%s", i,
                   x->id, outcome_names[x->outcome], a->id, outcome_names[a->outcome]);
    }
  model_check (m, m->expected->len == m->actual->len, "the model delivered %u completions, toro %u",
               m->expected->len, m->actual->len);

  g_array_set_size (m->expected, 0);
  g_array_set_size (m->actual, 0);
}

/* Common operations */

static void
flush_context (Model *m,
               guint  k)
{
  trace_add (m, OP_FLUSH, NULL, NULL, k);

  m->iterating = k;
  while (g_main_context_iteration (m->contexts[k], FALSE))
    ;
  m->iterating = -1;
  model_flush (m, k);
  compare_logs (m);
}

/* Runs one context, the other or both, until nothing is ready. */
static void
op_flush (Model *m)
{
  guint which = rand_below (&m->rand, 4);

  if (which < N_CONTEXTS)
    flush_context (m, which);
  else
    for (guint k = 0; k < N_CONTEXTS; k++)
      flush_context (m, k);
}

static void
flush_all (Model *m)
{
  for (guint k = 0; k < N_CONTEXTS; k++)
    flush_context (m, k);
}

static void
op_advance (Model *m)
{
  gint64 step = 1 + rand_below (&m->rand, 3000);

  /* Sometimes exactly to the earliest pending deadline: due at "now". */
  if (rand_below (&m->rand, 4) == 0)
    {
      gint64 earliest = G_MAXINT64;

      for (guint k = 0; k < N_CONTEXTS; k++)
        for (GList *l = m->timed[k].head; l != NULL; l = l->next)
          earliest = MIN (earliest, ((MWaiter *) l->data)->deadline);
      if (earliest > vclock_usec && earliest - vclock_usec <= 10000)
        step = earliest - vclock_usec;
    }

  trace_add (m, OP_ADVANCE, NULL, NULL, (guint32) step);
  vclock_usec += step;

  /* Or let the clock move and do more before the context runs: grants
   * made meanwhile win over deadlines that passed. */
  if (rand_below (&m->rand, 2) == 0)
    op_flush (m);
}

static void
model_cancel (Model   *m,
              MCancel *c)
{
  c->cancelled = TRUE;
  g_ptr_array_remove_fast (m->live_cancels, c);

  /* Its handlers run in the order they were connected. */
  for (guint i = 0; i < c->waiters->len; i++)
    {
      MWaiter *w = c->waiters->pdata[i];

      if (w->state == MW_QUEUED)
        {
          m->stats.cancelled_queued++;
          remove_waiter (m, w, OUT_CANCELLED);
        }
      else if (w->state == MW_DECIDED && w->outcome == OUT_OK)
        m->stats.cancel_after_grant++;
    }
}

static void
do_cancel (Model   *m,
           MCancel *c)
{
  trace_add (m, OP_CANCEL, NULL, NULL, c->id);

  /* The handlers run inside cancel (): they must not call back. */
  TORO_CALL (m, g_cancellable_cancel (c->real));
  model_cancel (m, c);
}

static void
op_cancel (Model *m)
{
  if (m->live_cancels->len > 0)
    do_cancel (m, m->live_cancels->pdata[rand_below (&m->rand, m->live_cancels->len)]);
}

/* A new waiter, with a random deadline, cancellable and follow-up. */

static gint64
pick_deadline (Model *m)
{
  ModelRand *r = &m->rand;
  static const gint64 special_past[] = { 0, 1, -2, G_MININT64 };

  switch (rand_below (r, 20))
    {
    case 0: case 1: case 2: case 3: case 4: case 5: case 6:
      return TORO_NO_DEADLINE;
    case 7:
      return vclock_usec;                                /* due now */
    case 8:
      return vclock_usec - 1 - rand_below (r, 5000);     /* past */
    case 9:
      return special_past[rand_below (r, G_N_ELEMENTS (special_past))];
    case 10: case 11: case 12: case 13: case 14:
      return vclock_usec + 1 + rand_below (r, 3000);     /* near */
    case 15:
      /* The same deadline as a waiter already queued: FIFO between them. */
      if (m->timed[0].length > 0)
        {
          MWaiter *other = g_queue_peek_nth (&m->timed[0], rand_below (r, m->timed[0].length));

          if (other->deadline > vclock_usec && other->deadline != G_MAXINT64)
            return other->deadline;
        }
      return vclock_usec + 1 + rand_below (r, 3000);
    case 16: case 17:
      return vclock_usec + FAR_SPAN + rand_below (r, 1000);
    case 18:
      return G_MAXINT64;
    case 19:
    default:
      return toro_deadline_after (rand_below (r, 3000));
    }
}

static MCancel *
pick_cancel (Model *m)
{
  ModelRand *r = &m->rand;
  guint choice = rand_below (r, 20);
  MCancel *c;

  if (choice < 8)
    return NULL;

  if (choice < 10)
    {
      /* Cancelled before the call. */
      for (guint i = 0; i < m->cancels->len; i++)
        if (((MCancel *) m->cancels->pdata[i])->cancelled)
          return m->cancels->pdata[i];
      c = cancel_new (m);
      do_cancel (m, c);
      return c;
    }

  if (m->live_cancels->len == 0 || (m->live_cancels->len < 6 && rand_below (r, 3) == 0))
    return cancel_new (m);
  return m->live_cancels->pdata[rand_below (r, m->live_cancels->len)];
}

static MWaiter *
waiter_new (Model    *m,
            MObj     *o,
            WaitKind  kind)
{
  MWaiter *w = g_new0 (MWaiter, 1);
  guint choice;

  w->model = m;
  w->obj = o;
  w->real_source = o->real;
  w->id = m->next_waiter_id++;
  w->kind = kind;
  w->ctx = rand_below (&m->rand, 4) == 0 ? 1 : 0;
  w->deadline = pick_deadline (m);
  w->cancel = pick_cancel (m);

  choice = rand_below (&m->rand, 20);
  if (choice < 3)
    {
      switch (kind)
        {
        case W_LOCK: case W_READ: case W_WRITE: case W_SEM_ACQUIRE:
          w->auto_action = AUTO_RELEASE;
          break;
        case W_COND:
          w->auto_action = AUTO_NOTIFY;
          break;
        case W_EVENT:
          w->auto_action = AUTO_CLEAR;
          break;
        case W_GET:
          if (o->kind == TORO_MODEL_JOINABLE_QUEUE && choice < 2)
            w->auto_action = AUTO_TASK_DONE;
          else
            {
              w->auto_action = AUTO_REPUT;
              w->aux_item = new_item (m);
            }
          break;
        case W_SEM_WAIT: case W_AR_GET: case W_PUT: case W_JOIN:
        default:
          break;
        }
    }
  else if (choice == 3 && m->live_cancels->len > 0)
    {
      w->auto_action = AUTO_CANCEL;
      w->auto_cancel = m->live_cancels->pdata[rand_below (&m->rand, m->live_cancels->len)];
    }

  g_ptr_array_add (m->waiters, w);
  m->stats.waits++;
  trace_add (m, OP_WAIT, o, w, 0);

  return w;
}

/* Lock */

static void
lock_acquire (Model *m,
              MObj  *o)
{
  MWaiter *w = waiter_new (m, o, W_LOCK);

  ASYNC_CALL (m, w, toro_lock_acquire_async (TORO_LOCK (o->real), w->deadline,
                                             cancel_real (w->cancel), real_done, w));
  if (start_cancelled (m, w))
    return;
  /* Free only when nobody holds it and nobody waits: no barging. */
  if (!o->locked && g_queue_is_empty (&o->q[0]) && !mutated_past (w))
    {
      o->locked = TRUE;
      start_granted (m, w);
    }
  else
    start_waiting (m, w, &o->q[0]);
}

static void
lock_op (Model *m,
         MObj  *o,
         guint  choice)
{
  gboolean got, expect;

  if (choice < 45)
    lock_acquire (m, o);
  else if (choice < 60)
    {
      trace_add (m, OP_TRY, o, NULL, 0);
      m->stats.nowait_calls++;
      TORO_CALL (m, got = toro_lock_try_acquire (TORO_LOCK (o->real)));
      expect = !o->locked && g_queue_is_empty (&o->q[0]);
      model_check (m, got == expect, "lock: try_acquire gave %d, model %d", got, expect);
      if (expect)
        {
          o->locked = TRUE;
          o->holds++;
        }
    }
  else if (choice < 98 && o->holds > 0)
    {
      trace_add (m, OP_RELEASE, o, NULL, 0);
      o->holds--;
      TORO_CALL (m, toro_lock_release (TORO_LOCK (o->real)));
      model_lock_release (m, o);
    }
  else if (choice >= 98 && !o->locked && may_misuse ())
    {
      trace_add (m, OP_MISUSE, o, NULL, 0);
      expect_critical (m, "*not held*");
      TORO_CALL (m, toro_lock_release (TORO_LOCK (o->real)));
      g_test_assert_expected_messages ();
    }
  else
    lock_acquire (m, o);
}

/* RWLock */

static void
rw_acquire (Model    *m,
            MObj     *o,
            gboolean  write)
{
  MWaiter *w = waiter_new (m, o, write ? W_WRITE : W_READ);
  gboolean now;

  if (write)
    ASYNC_CALL (m, w, toro_rw_lock_acquire_write_async (TORO_RW_LOCK (o->real), w->deadline,
                                                        cancel_real (w->cancel), real_done, w));
  else
    ASYNC_CALL (m, w, toro_rw_lock_acquire_read_async (TORO_RW_LOCK (o->real), w->deadline,
                                                       cancel_real (w->cancel), real_done, w));
  if (start_cancelled (m, w))
    return;

  /* Nobody waiting ahead (a queued writer keeps new readers out). */
  now = g_queue_is_empty (&o->q[0]) && (write ? rw_can_write (o) : rw_can_read (o)) &&
        !mutated_past (w);
  if (now && write)
    o->writer = TRUE;
  else if (now)
    o->readers++;

  if (now)
    start_granted (m, w);
  else
    start_waiting (m, w, &o->q[0]);
}

static void
rw_try (Model    *m,
        MObj     *o,
        gboolean  write)
{
  gboolean got, expect;

  trace_add (m, OP_TRY, o, NULL, write);
  m->stats.nowait_calls++;
  if (write)
    TORO_CALL (m, got = toro_rw_lock_try_acquire_write (TORO_RW_LOCK (o->real)));
  else
    TORO_CALL (m, got = toro_rw_lock_try_acquire_read (TORO_RW_LOCK (o->real)));

  expect = g_queue_is_empty (&o->q[0]) && (write ? rw_can_write (o) : rw_can_read (o));
  model_check (m, got == expect, "rw-lock: try_acquire_%s gave %d, model %d",
               write ? "write" : "read", got, expect);
  if (expect && write)
    {
      o->writer = TRUE;
      o->write_holds++;
    }
  else if (expect)
    {
      o->readers++;
      o->read_holds++;
    }
}

static void
rw_op (Model *m,
       MObj  *o,
       guint  choice)
{
  if (choice < 25)
    rw_acquire (m, o, FALSE);
  else if (choice < 45)
    rw_acquire (m, o, TRUE);
  else if (choice < 50)
    rw_try (m, o, FALSE);
  else if (choice < 55)
    rw_try (m, o, TRUE);
  else if (choice < 80 && o->read_holds > 0)
    {
      trace_add (m, OP_RELEASE_READ, o, NULL, 0);
      o->read_holds--;
      TORO_CALL (m, toro_rw_lock_release_read (TORO_RW_LOCK (o->real)));
      model_rw_release_read (m, o);
    }
  else if (choice < 98 && o->write_holds > 0)
    {
      trace_add (m, OP_RELEASE_WRITE, o, NULL, 0);
      o->write_holds--;
      TORO_CALL (m, toro_rw_lock_release_write (TORO_RW_LOCK (o->real)));
      model_rw_release_write (m, o);
    }
  else if (choice == 98 && o->readers == 0 && may_misuse ())
    {
      trace_add (m, OP_MISUSE, o, NULL, 0);
      expect_critical (m, "*not held for reading*");
      TORO_CALL (m, toro_rw_lock_release_read (TORO_RW_LOCK (o->real)));
      g_test_assert_expected_messages ();
    }
  else if (choice == 99 && !o->writer && may_misuse ())
    {
      trace_add (m, OP_MISUSE, o, NULL, 1);
      expect_critical (m, "*not held for writing*");
      TORO_CALL (m, toro_rw_lock_release_write (TORO_RW_LOCK (o->real)));
      g_test_assert_expected_messages ();
    }
  else
    rw_acquire (m, o, choice % 2);
}

/* Semaphore, BoundedSemaphore */

static void
sem_acquire (Model *m,
             MObj  *o)
{
  MWaiter *w = waiter_new (m, o, W_SEM_ACQUIRE);

  ASYNC_CALL (m, w, toro_semaphore_acquire_async (TORO_SEMAPHORE (o->real), w->deadline,
                                                  cancel_real (w->cancel), real_done, w));
  if (start_cancelled (m, w))
    return;
  if (o->value > 0 && !mutated_past (w))
    {
      model_check (m, g_queue_is_empty (&o->q[0]), "model: acquirers wait on a free semaphore");
      o->value--;
      start_granted (m, w);
    }
  else
    start_waiting (m, w, &o->q[0]);
}

static void
sem_wait (Model *m,
          MObj  *o)
{
  MWaiter *w = waiter_new (m, o, W_SEM_WAIT);

  ASYNC_CALL (m, w, toro_semaphore_wait_async (TORO_SEMAPHORE (o->real), w->deadline,
                                               cancel_real (w->cancel), real_done, w));
  if (start_cancelled (m, w))
    return;
  /* Until not locked; takes no permit. */
  if (o->value > 0 && !mutated_past (w))
    start_granted (m, w);
  else
    start_waiting (m, w, &o->q[1]);
}

static void
sem_release (Model    *m,
             MObj     *o,
             OpCode    op)
{
  trace_add (m, op, o, NULL, 0);

  if (!model_sem_release_ok (o))
    {
      expect_critical (m, "*released too many times*");
      TORO_CALL (m, toro_semaphore_release (TORO_SEMAPHORE (o->real)));
      g_test_assert_expected_messages ();
      return;
    }

  TORO_CALL (m, toro_semaphore_release (TORO_SEMAPHORE (o->real)));
  model_sem_release (m, o);
}

static void
sem_op (Model *m,
        MObj  *o,
        guint  choice)
{
  gboolean got, expect;
  gboolean bounded = o->kind == TORO_MODEL_BOUNDED_SEMAPHORE;

  if (choice < 35)
    sem_acquire (m, o);
  else if (choice < 50)
    sem_wait (m, o);
  else if (choice < 60)
    {
      trace_add (m, OP_TRY, o, NULL, 0);
      m->stats.nowait_calls++;
      TORO_CALL (m, got = toro_semaphore_try_acquire (TORO_SEMAPHORE (o->real)));
      expect = o->value > 0;
      model_check (m, got == expect, "semaphore: try_acquire gave %d, model %d", got, expect);
      if (expect)
        {
          o->value--;
          o->holds++;
        }
    }
  else if (choice < 95 && o->holds > 0)
    {
      o->holds--;
      sem_release (m, o, OP_RELEASE);
    }
  else if (!bounded && choice >= 95)
    sem_release (m, o, OP_EXTRA_RELEASE);   /* above the initial value: allowed */
  else if (bounded && choice >= 95 && o->value >= o->initial && may_misuse ())
    sem_release (m, o, OP_MISUSE);          /* a critical */
  else
    sem_acquire (m, o);
}

/* Condition */

static void
cond_wait (Model *m,
           MObj  *o)
{
  MWaiter *w = waiter_new (m, o, W_COND);

  ASYNC_CALL (m, w, toro_condition_wait_async (TORO_CONDITION (o->real), w->deadline,
                                               cancel_real (w->cancel), real_done, w));
  if (start_cancelled (m, w))
    return;
  /* Only ever ended by a notification: a past deadline fails at once. */
  start_waiting (m, w, &o->q[0]);
}

static void
cond_op (Model *m,
         MObj  *o,
         guint  choice)
{
  if (choice < 50)
    cond_wait (m, o);
  else if (choice < 85)
    {
      guint n = rand_below (&m->rand, 4);

      trace_add (m, OP_NOTIFY, o, NULL, n);
      TORO_CALL (m, toro_condition_notify (TORO_CONDITION (o->real), n));
      model_cond_notify (m, o, n);
    }
  else
    {
      trace_add (m, OP_NOTIFY_ALL, o, NULL, 0);
      TORO_CALL (m, toro_condition_notify_all (TORO_CONDITION (o->real)));
      model_cond_notify (m, o, G_MAXUINT);
    }
}

/* Event */

static void
event_wait (Model *m,
            MObj  *o)
{
  MWaiter *w = waiter_new (m, o, W_EVENT);

  ASYNC_CALL (m, w, toro_event_wait_async (TORO_EVENT (o->real), w->deadline,
                                           cancel_real (w->cancel), real_done, w));
  if (start_cancelled (m, w))
    return;
  if (o->flag && !mutated_past (w))
    start_granted (m, w);
  else
    start_waiting (m, w, &o->q[0]);
}

static void
event_op (Model *m,
          MObj  *o,
          guint  choice)
{
  if (choice < 60)
    event_wait (m, o);
  else if (choice < 80)
    {
      trace_add (m, OP_SET, o, NULL, 0);
      TORO_CALL (m, toro_event_set (TORO_EVENT (o->real)));
      model_event_set (m, o);
    }
  else
    {
      trace_add (m, OP_CLEAR, o, NULL, 0);
      TORO_CALL (m, toro_event_clear (TORO_EVENT (o->real)));
      o->flag = FALSE;
    }
}

/* AsyncResult */

static void obj_set_real (MObj *o, GObject *real);

static void
ar_get (Model *m,
        MObj  *o)
{
  MWaiter *w = waiter_new (m, o, W_AR_GET);

  ASYNC_CALL (m, w, toro_async_result_get_async (TORO_ASYNC_RESULT (o->real), w->deadline,
                                                 cancel_real (w->cancel), real_done, w));
  if (start_cancelled (m, w))
    return;
  if (o->ready && !mutated_past (w))
    {
      if (is_past (w))
        m->stats.past_granted++;
      w->item = o->failed ? (ItemDesc) { ITEM_NONE, 0, 0 } : o->result;
      decide (m, w, o->failed ? OUT_FAILED : OUT_OK);
    }
  else
    start_waiting (m, w, &o->q[0]);
}

static void
ar_set (Model    *m,
        MObj     *o,
        gboolean  failed)
{
  GError *error = NULL;
  ItemDesc item = { ITEM_INT, 0, 0 };
  gboolean set;

  trace_add (m, failed ? OP_SET_ERROR : OP_SET, o, NULL, 0);
  if (failed)
    {
      GError *failure = g_error_new (MODEL_ERROR, MODEL_ERROR_CODE, "model failure %u", o->index);

      item.kind = ITEM_NONE;
      TORO_CALL (m, set = toro_async_result_set_error (TORO_ASYNC_RESULT (o->real), failure,
                                                       &error));
      g_error_free (failure);
    }
  else
    {
      GValue value = G_VALUE_INIT;

      item.key = rand_below (&m->rand, 8);
      item.id = m->next_item_id++;
      item_to_value (&item, &value);
      TORO_CALL (m, set = toro_async_result_set (TORO_ASYNC_RESULT (o->real), &value, &error));
      g_value_unset (&value);
    }

  model_check (m, set == !o->ready, "async-result: set gave %d, ready was %d", set, o->ready);
  if (set)
    {
      model_check (m, error == NULL, "async-result: set succeeded with an error");
      model_ar_fill (m, o, failed, &item);
    }
  else
    model_check (m, g_error_matches (error, TORO_ERROR, TORO_ERROR_ALREADY_SET),
                 "async-result: a second set failed without TORO_ERROR_ALREADY_SET");
  g_clear_error (&error);
}

static void
ar_get_nowait (Model *m,
               MObj  *o)
{
  GError *error = NULL;
  GValue *value;

  trace_add (m, OP_GET_NOWAIT, o, NULL, 0);
  m->stats.nowait_calls++;
  TORO_CALL (m, value = toro_async_result_get_nowait (TORO_ASYNC_RESULT (o->real), &error));

  if (!o->ready)
    model_check (m, value == NULL && g_error_matches (error, TORO_ERROR, TORO_ERROR_NOT_READY),
                 "async-result: get_nowait before set did not fail with NOT_READY");
  else if (o->failed)
    model_check (m, value == NULL && g_error_matches (error, MODEL_ERROR, MODEL_ERROR_CODE),
                 "async-result: get_nowait did not raise the stored error");
  else
    {
      ItemDesc got;

      model_check (m, value != NULL && error == NULL, "async-result: get_nowait failed once set");
      got = value_to_item (m, value);
      model_check (m, item_equal (&got, &o->result), "async-result: get_nowait gave another value");
    }
  g_clear_error (&error);
}

static void
ar_op (Model *m,
       MObj  *o,
       guint  choice)
{
  if (choice < 50)
    ar_get (m, o);
  else if (choice < 65)
    ar_get_nowait (m, o);
  else if (choice < 80)
    ar_set (m, o, FALSE);
  else if (choice < 87)
    ar_set (m, o, TRUE);
  else if (g_queue_is_empty (&o->q[0]))
    {
      /* A fresh cell. Waiters already decided still finish on the old
       * one, which lives until they are delivered. */
      trace_add (m, OP_RENEW, o, NULL, 0);
      obj_set_real (o, G_OBJECT (toro_async_result_new ()));
      o->ready = FALSE;
      o->failed = FALSE;
    }
  else
    ar_set (m, o, choice % 2);
}

/* Queues */

static void
queue_put (Model *m,
           MObj  *o)
{
  MWaiter *w = waiter_new (m, o, W_PUT);

  w->item = new_item (m);
  if (w->item.kind == ITEM_POINTER)
    {
      PtrItem *p = ptr_item_new (m, &w->item);

      ASYNC_CALL (m, w, toro_queue_put_pointer_async (TORO_QUEUE (o->real), p, ptr_item_free,
                                                      w->deadline, cancel_real (w->cancel),
                                                      real_done, w));
    }
  else
    {
      GValue value = G_VALUE_INIT;

      item_to_value (&w->item, &value);
      ASYNC_CALL (m, w, toro_queue_put_async (TORO_QUEUE (o->real), &value, w->deadline,
                                              cancel_real (w->cancel), real_done, w));
      g_value_unset (&value);
    }

  if (start_cancelled (m, w))
    return;
  if (!mutated_past (w) && model_put (m, o, &w->item))
    start_granted (m, w);
  else
    start_waiting (m, w, &o->q[1]);
}

static void
queue_get (Model *m,
           MObj  *o)
{
  MWaiter *w = waiter_new (m, o, W_GET);

  w->pointer_finish = rand_below (&m->rand, 2);
  ASYNC_CALL (m, w, toro_queue_get_async (TORO_QUEUE (o->real), w->deadline,
                                          cancel_real (w->cancel), real_done, w));
  if (start_cancelled (m, w))
    return;
  if (!mutated_past (w) && model_get (m, o, &w->item))
    start_granted (m, w);
  else
    start_waiting (m, w, &o->q[0]);
}

static void
queue_get_nowait (Model *m,
                  MObj  *o)
{
  GError *error = NULL;
  ItemDesc expect_item = { ITEM_NONE, 0, 0 }, got = { ITEM_NONE, 0, 0 };
  gboolean expect, pointer;

  trace_add (m, OP_GET_NOWAIT, o, NULL, 0);
  m->stats.nowait_calls++;

  /* The model first: it says which variant applies. */
  expect = model_get (m, o, &expect_item);
  pointer = expect && expect_item.kind != ITEM_INT && rand_below (&m->rand, 2);

  if (pointer)
    {
      gpointer p;

      TORO_CALL (m, p = toro_queue_get_pointer_nowait (TORO_QUEUE (o->real), &error));
      if (p != NULL && expect_item.kind == ITEM_STRING)
        {
          got = string_to_item (m, p);
          g_free (p);
        }
      else if (p != NULL)
        got = pointer_to_item (m, p);
    }
  else
    {
      GValue *value;

      TORO_CALL (m, value = toro_queue_get_nowait (TORO_QUEUE (o->real), &error));
      if (value != NULL)
        got = value_to_item (m, value);
    }

  if (expect)
    model_check (m, error == NULL && item_equal (&got, &expect_item),
                 "queue: get_nowait gave another item than the model's");
  else
    model_check (m, got.kind == ITEM_NONE && g_error_matches (error, TORO_ERROR, TORO_ERROR_EMPTY),
                 "queue: get_nowait on an empty queue did not fail with EMPTY");
  g_clear_error (&error);
}

static void
queue_put_nowait (Model *m,
                  MObj  *o)
{
  ItemDesc item = new_item (m);
  gboolean put, expect;

  trace_add (m, OP_PUT_NOWAIT, o, NULL, item.id);
  m->stats.nowait_calls++;
  put = real_put_item (m, o, &item);
  expect = model_put (m, o, &item);
  model_check (m, put == expect, "queue: put_nowait gave %d, model %d", put, expect);
}

static void
joinable_task_done (Model *m,
                    MObj  *o)
{
  trace_add (m, OP_TASK_DONE, o, NULL, 0);
  TORO_CALL (m, toro_joinable_queue_task_done (TORO_JOINABLE_QUEUE (o->real)));
  model_task_done (m, o);
}

static void
joinable_join (Model *m,
               MObj  *o)
{
  MWaiter *w = waiter_new (m, o, W_JOIN);

  ASYNC_CALL (m, w, toro_joinable_queue_join_async (TORO_JOINABLE_QUEUE (o->real), w->deadline,
                                                    cancel_real (w->cancel), real_done, w));
  if (start_cancelled (m, w))
    return;
  if (o->unfinished == 0 && !mutated_past (w))
    start_granted (m, w);
  else
    start_waiting (m, w, &o->q[2]);
}

static void
queue_op (Model *m,
          MObj  *o,
          guint  choice)
{
  gboolean joinable = o->kind == TORO_MODEL_JOINABLE_QUEUE;

  if (choice < 30)
    queue_put (m, o);
  else if (choice < 60)
    queue_get (m, o);
  else if (choice < 75)
    queue_put_nowait (m, o);
  else if (choice < 90)
    queue_get_nowait (m, o);
  else if (!joinable)
    choice % 2 ? queue_put_nowait (m, o) : queue_get_nowait (m, o);
  else if (choice < 97 && o->unfinished > 0)
    joinable_task_done (m, o);
  else if (choice < 99)
    joinable_join (m, o);
  else if (o->unfinished == 0 && may_misuse ())
    {
      trace_add (m, OP_MISUSE, o, NULL, 0);
      expect_critical (m, "*more times than there were items put*");
      TORO_CALL (m, toro_joinable_queue_task_done (TORO_JOINABLE_QUEUE (o->real)));
      g_test_assert_expected_messages ();
    }
  else
    queue_get_nowait (m, o);
}

/* Operations that end waits without starting any: when too many wait, and
 * to drain an episode. Returns whether it did anything. */
static gboolean
unstick (Model *m,
         MObj  *o)
{
  switch (o->kind)
    {
    case TORO_MODEL_LOCK:
      if (o->holds == 0)
        return FALSE;
      lock_op (m, o, 60);
      return TRUE;

    case TORO_MODEL_RW_LOCK:
      if (o->read_holds > 0)
        rw_op (m, o, 55);
      else if (o->write_holds > 0)
        rw_op (m, o, 80);
      else
        return FALSE;
      return TRUE;

    case TORO_MODEL_SEMAPHORE:
    case TORO_MODEL_BOUNDED_SEMAPHORE:
      if (o->holds > 0)
        sem_op (m, o, 60);
      else if (o->kind == TORO_MODEL_SEMAPHORE &&
               (!g_queue_is_empty (&o->q[0]) || !g_queue_is_empty (&o->q[1])))
        sem_release (m, o, OP_EXTRA_RELEASE);
      else
        return FALSE;
      return TRUE;

    case TORO_MODEL_CONDITION:
      if (g_queue_is_empty (&o->q[0]))
        return FALSE;
      cond_op (m, o, 99);
      return TRUE;

    case TORO_MODEL_EVENT:
      if (g_queue_is_empty (&o->q[0]))
        return FALSE;
      event_op (m, o, 70);
      return TRUE;

    case TORO_MODEL_ASYNC_RESULT:
      if (g_queue_is_empty (&o->q[0]))
        return FALSE;
      ar_set (m, o, FALSE);
      return TRUE;

    case TORO_MODEL_QUEUE:
    case TORO_MODEL_LIFO_QUEUE:
    case TORO_MODEL_PRIORITY_QUEUE:
    case TORO_MODEL_JOINABLE_QUEUE:
      if (!g_queue_is_empty (&o->q[0]))
        queue_put_nowait (m, o);
      else if (!g_queue_is_empty (&o->q[1]))
        queue_get_nowait (m, o);
      else if (!g_queue_is_empty (&o->q[2]) && o->unfinished > 0)
        joinable_task_done (m, o);
      else
        return FALSE;
      return TRUE;

    case TORO_MODEL_N_KINDS:
    default:
      g_assert_not_reached ();
    }
}

/* Objects */

static void
obj_finalized_cb (gpointer  data,
                  GObject  *where_the_object_was)
{
  MObj *o = data;

  if (where_the_object_was == o->real)
    o->finalized = TRUE;
  o->model->objects_alive--;
}

static void
obj_set_real (MObj    *o,
              GObject *real)
{
  if (o->real != NULL)
    g_object_unref (o->real);
  o->real = real;
  o->finalized = FALSE;
  o->model->objects_alive++;
  g_object_weak_ref (real, obj_finalized_cb, o);
}

static MObj *
obj_new (Model         *m,
         ToroModelKind  kind)
{
  static const guint maxsizes[] = { 0, 1, 2, 3, 5 };
  ModelRand *r = &m->rand;
  MObj *o = g_new0 (MObj, 1);
  GObject *real = NULL;

  o->model = m;
  o->kind = kind;
  o->index = m->objs->len;
  g_ptr_array_add (m->objs, o);

  switch (kind)
    {
    case TORO_MODEL_LOCK:
      real = G_OBJECT (toro_lock_new ());
      break;
    case TORO_MODEL_RW_LOCK:
      o->max_readers = rand_below (r, 4);
      real = G_OBJECT (toro_rw_lock_new (o->max_readers));
      break;
    case TORO_MODEL_SEMAPHORE:
      o->value = o->initial = rand_below (r, 4);
      real = G_OBJECT (toro_semaphore_new (o->value));
      break;
    case TORO_MODEL_BOUNDED_SEMAPHORE:
      o->value = o->initial = 1 + rand_below (r, 3);
      real = G_OBJECT (toro_bounded_semaphore_new (o->value));
      break;
    case TORO_MODEL_CONDITION:
      real = G_OBJECT (toro_condition_new ());
      break;
    case TORO_MODEL_EVENT:
      real = G_OBJECT (toro_event_new ());
      break;
    case TORO_MODEL_ASYNC_RESULT:
      real = G_OBJECT (toro_async_result_new ());
      break;
    case TORO_MODEL_QUEUE:
      o->maxsize = maxsizes[rand_below (r, G_N_ELEMENTS (maxsizes))];
      o->order = ORDER_FIFO;
      real = G_OBJECT (toro_queue_new (o->maxsize));
      break;
    case TORO_MODEL_LIFO_QUEUE:
      o->maxsize = maxsizes[rand_below (r, G_N_ELEMENTS (maxsizes))];
      o->order = ORDER_LIFO;
      real = G_OBJECT (toro_lifo_queue_new (o->maxsize));
      break;
    case TORO_MODEL_PRIORITY_QUEUE:
      o->maxsize = maxsizes[rand_below (r, G_N_ELEMENTS (maxsizes))];
      if (rand_below (r, 2))
        {
          o->order = ORDER_PRIORITY_CUSTOM;
          real = G_OBJECT (toro_priority_queue_new (o->maxsize, custom_compare, o,
                                                    custom_compare_destroy));
        }
      else
        {
          o->order = ORDER_PRIORITY;
          real = G_OBJECT (toro_priority_queue_new (o->maxsize, NULL, NULL, NULL));
        }
      break;
    case TORO_MODEL_JOINABLE_QUEUE:
      o->maxsize = maxsizes[rand_below (r, G_N_ELEMENTS (maxsizes))];
      o->order = ORDER_FIFO;
      real = G_OBJECT (toro_joinable_queue_new (o->maxsize));
      break;
    case TORO_MODEL_N_KINDS:
    default:
      g_assert_not_reached ();
    }

  obj_set_real (o, real);
  return o;
}

static void
obj_op (Model *m,
        MObj  *o)
{
  guint choice = rand_below (&m->rand, 100);

  /* Too many waiting: end some instead of starting more. */
  if (m->n_queued >= MAX_QUEUED && unstick (m, o))
    return;

  switch (o->kind)
    {
    case TORO_MODEL_LOCK:
      lock_op (m, o, choice);
      break;
    case TORO_MODEL_RW_LOCK:
      rw_op (m, o, choice);
      break;
    case TORO_MODEL_SEMAPHORE:
    case TORO_MODEL_BOUNDED_SEMAPHORE:
      sem_op (m, o, choice);
      break;
    case TORO_MODEL_CONDITION:
      cond_op (m, o, choice);
      break;
    case TORO_MODEL_EVENT:
      event_op (m, o, choice);
      break;
    case TORO_MODEL_ASYNC_RESULT:
      ar_op (m, o, choice);
      break;
    case TORO_MODEL_QUEUE:
    case TORO_MODEL_LIFO_QUEUE:
    case TORO_MODEL_PRIORITY_QUEUE:
    case TORO_MODEL_JOINABLE_QUEUE:
      queue_op (m, o, choice);
      break;
    case TORO_MODEL_N_KINDS:
    default:
      g_assert_not_reached ();
    }
}

/* One random operation, then the checks that hold after any call. */
static void
model_step (Model *m)
{
  guint choice = rand_below (&m->rand, 100);
  MObj *o = NULL;

  m->op_index++;

  if (choice < 12)
    op_flush (m);
  else if (choice < 18)
    op_advance (m);
  else if (choice < 23)
    op_cancel (m);
  else
    {
      o = m->objs->pdata[rand_below (&m->rand, m->objs->len)];
      obj_op (m, o);
    }

  /* Nothing is delivered except by a flush of the context. */
  model_check (m, m->actual->len == 0, "%u callbacks ran outside the context's dispatch",
               m->actual->len);
  check_obj (m, o != NULL ? o : m->objs->pdata[m->op_index % m->objs->len]);
  m->stats.ops++;
}

/* Episodes: new objects, random operations, then a drain that ends every
 * wait and checks that everything is delivered once and freed. */

static void
episode_begin (Model *m)
{
  m->episode++;
  m->next_waiter_id = 0;
  m->next_item_id = 0;
  m->next_cancel_id = 0;
  /* The context's timer is empty between episodes: the clock may restart. */
  vclock_usec = VCLOCK_BASE;

  if (m->kind == TORO_MODEL_ALL)
    for (guint k = 0; k < TORO_MODEL_N_KINDS; k++)
      obj_new (m, k);
  else
    {
      guint n = 1 + rand_below (&m->rand, 2);

      for (guint i = 0; i < n; i++)
        obj_new (m, m->kind);
    }
}

static gboolean
all_delivered (Model *m)
{
  for (guint i = 0; i < m->waiters->len; i++)
    if (((MWaiter *) m->waiters->pdata[i])->state != MW_DELIVERED)
      return FALSE;
  return TRUE;
}

static void
episode_end (Model *m)
{
  guint round;

  m->op_index++;
  trace_add (m, OP_DRAIN, NULL, NULL, 0);

  /* Cancel everything that can be, let every finite deadline pass, then
   * end the rest by releasing, notifying, setting, putting and getting. */
  flush_all (m);
  while (m->live_cancels->len > 0)
    do_cancel (m, m->live_cancels->pdata[0]);
  flush_all (m);
  vclock_usec += 2 * FAR_SPAN;
  flush_all (m);

  for (round = 0; round < 10000; round++)
    {
      gboolean progress = FALSE;

      for (guint i = 0; i < m->objs->len; i++)
        while (unstick (m, m->objs->pdata[i]))
          progress = TRUE;
      flush_all (m);
      if (!progress && all_delivered (m))
        break;
    }
  model_check (m, round < 10000, "the episode could not be drained");

  /* Every waiter delivered once, on both sides; every deadline gone. */
  for (guint i = 0; i < m->waiters->len; i++)
    {
      MWaiter *w = m->waiters->pdata[i];

      model_check (m, w->state == MW_DELIVERED && w->real_delivered,
                   "waiter %u was never delivered (model %d, toro %d)", w->id,
                   w->state == MW_DELIVERED, w->real_delivered);
    }
  for (guint k = 0; k < N_CONTEXTS; k++)
    model_check (m, m->timed[k].length == 0 && m->ready[k].length == 0,
                 "the model still has waiters in context %u", k);
  model_check (m, m->n_queued == 0, "the model still has waiters");
  for (guint i = 0; i < m->objs->len; i++)
    check_obj (m, m->objs->pdata[i]);
  model_check (m, m->results_alive == 0, "%d completed waiters were never freed", m->results_alive);

  /* Nothing pending: our references are the last ones. */
  for (guint i = 0; i < m->objs->len; i++)
    {
      MObj *o = m->objs->pdata[i];

      g_object_unref (o->real);
      model_check (m, o->finalized, "%s[%u] was not finalized", obj_name (o), i);
      o->real = NULL;
      model_check (m, o->order != ORDER_PRIORITY_CUSTOM || o->compare_destroyed == 1,
                   "the comparator's data was destroyed %u times", o->compare_destroyed);
    }
  model_check (m, m->objects_alive == 0, "%d objects outlived their episode", m->objects_alive);
  model_check (m, m->ptr_items_live == 0, "%d pointer items were never freed", m->ptr_items_live);

  for (guint i = 0; i < m->objs->len; i++)
    {
      MObj *o = m->objs->pdata[i];

      g_queue_clear_full (&o->store, g_free);
      g_free (o);
    }
  g_ptr_array_set_size (m->objs, 0);
  g_ptr_array_set_size (m->waiters, 0);
  g_ptr_array_set_size (m->cancels, 0);
  g_ptr_array_set_size (m->live_cancels, 0);
  m->stats.episodes++;
}

static Model *
model_new (ToroModelKind  kind,
           guint64        seed,
           const char    *reproduce)
{
  Model *m = g_new0 (Model, 1);

  m->kind = kind;
  m->seed = seed;
  m->rand.state = seed;
  m->reproduce = reproduce;
  m->contexts[0] = g_main_context_ref_thread_default ();
  m->contexts[1] = g_main_context_new ();
  m->iterating = -1;
  m->objs = g_ptr_array_new ();
  m->waiters = g_ptr_array_new_with_free_func (g_free);
  m->cancels = g_ptr_array_new_with_free_func ((GDestroyNotify) cancel_free);
  m->live_cancels = g_ptr_array_new ();
  m->expected = g_array_new (FALSE, FALSE, sizeof (LogEntry));
  m->actual = g_array_new (FALSE, FALSE, sizeof (LogEntry));
  for (guint k = 0; k < N_CONTEXTS; k++)
    {
      g_queue_init (&m->ready[k]);
      g_queue_init (&m->timed[k]);
    }

  /* Nothing of ours may be pending in this context. */
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  vclock_usec = VCLOCK_BASE;
  vclock_on = TRUE;

  return m;
}

static void
model_free (Model *m)
{
  vclock_on = FALSE;
  g_ptr_array_unref (m->objs);
  g_ptr_array_unref (m->waiters);
  g_ptr_array_unref (m->cancels);
  g_ptr_array_unref (m->live_cancels);
  g_array_unref (m->expected);
  g_array_unref (m->actual);
  for (guint k = 0; k < N_CONTEXTS; k++)
    g_main_context_unref (m->contexts[k]);
  g_free (m);
}

/* Public entry points */

const char *
toro_model_kind_name (ToroModelKind kind)
{
  static const char * const names[] = {
    "lock", "rw-lock", "semaphore", "bounded-semaphore", "condition", "event", "async-result",
    "queue", "lifo-queue", "priority-queue", "joinable-queue", "all",
  };

  g_return_val_if_fail (kind <= TORO_MODEL_ALL, NULL);
  return names[kind];
}

void
toro_model_run_seed (ToroModelKind   kind,
                     guint64         seed,
                     guint64         n_ops,
                     const char     *reproduce,
                     ToroModelStats *stats)
{
  Model *m = model_new (kind, seed, reproduce);

  while (m->stats.ops < n_ops)
    {
      guint64 length = 100 + rand_below (&m->rand, 1900);

      length = MIN (length, n_ops - m->stats.ops);

      episode_begin (m);
      for (guint64 i = 0; i < length; i++)
        model_step (m);
      episode_end (m);
    }

  *stats = m->stats;
  model_free (m);
}

void
toro_model_run_bytes (const guint8   *data,
                      gsize           len,
                      ToroModelStats *stats)
{
  Model *m = model_new (TORO_MODEL_ALL, 0, NULL);

  m->rand.bytes = data;
  m->rand.n_bytes = len;

  episode_begin (m);
  while (!m->rand.exhausted && m->stats.ops < 100000)
    model_step (m);
  episode_end (m);

  *stats = m->stats;
  model_free (m);
}

void
toro_model_stats_add (ToroModelStats       *total,
                      const ToroModelStats *stats)
{
  guint64 *t = (guint64 *) total;
  const guint64 *s = (const guint64 *) stats;
  guint n = sizeof (ToroModelStats) / sizeof (guint64);

  /* Every field is a guint64 counter; max_queued is the last, a maximum. */
  for (guint i = 0; i < n - 1; i++)
    t[i] += s[i];
  total->max_queued = MAX (total->max_queued, stats->max_queued);
}

char *
toro_model_stats_format (const ToroModelStats *s)
{
  return g_strdup_printf (
    "%" G_GUINT64_FORMAT " operations in %" G_GUINT64_FORMAT " episodes; "
    "%" G_GUINT64_FORMAT " waits: %" G_GUINT64_FORMAT " granted, %" G_GUINT64_FORMAT " timed out, "
    "%" G_GUINT64_FORMAT " cancelled, %" G_GUINT64_FORMAT " failed; "
    "%" G_GUINT64_FORMAT " non-blocking calls; races: "
    "%" G_GUINT64_FORMAT " cancelled before the call, %" G_GUINT64_FORMAT " while queued, "
    "%" G_GUINT64_FORMAT " cancels after a grant (grant stood), "
    "%" G_GUINT64_FORMAT " grants after the deadline passed, "
    "%" G_GUINT64_FORMAT " past deadlines granted / %" G_GUINT64_FORMAT " timed out at once, "
    "%" G_GUINT64_FORMAT " dispatches expiring several, "
    "%" G_GUINT64_FORMAT " hand-offs, %" G_GUINT64_FORMAT " putters admitted by a get, "
    "%" G_GUINT64_FORMAT " waiters let in by a removal, "
    "%" G_GUINT64_FORMAT " calls from callbacks, %" G_GUINT64_FORMAT " misuse criticals; "
    "at most %" G_GUINT64_FORMAT " queued",
    s->ops, s->episodes, s->waits, s->granted, s->timed_out, s->cancelled, s->failed,
    s->nowait_calls, s->cancelled_before, s->cancelled_queued, s->cancel_after_grant,
    s->grant_after_deadline, s->past_granted, s->past_timed_out, s->expired_in_batch,
    s->hand_offs, s->putters_admitted, s->removal_grants, s->callback_calls,
    s->misuse_criticals, s->max_queued);
}
