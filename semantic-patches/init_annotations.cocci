// SPDX-License-Identifier: GPL-2.0-only
/// Fix the section annotations of code that becomes modular: mark the
/// module_exit() function __exit, and drop __init from functions and
/// __initdata/__initconst from data that stay reachable after the module
/// has initialised - called or used by the exit function, or referenced
/// from a structure that outlives init (driver, ops and match tables).
/// Built in, such references were either impossible (no exit path) or
/// harmless because the driver could not be unbound; in a module modpost
/// reports them as section mismatches and the memory is freed under them.
///
// Confidence: High
// Copyright: (C) 2025 kslim contributors
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report

@ex@
declarer name module_exit;
identifier e;
@@
module_exit(e);

// An exit function also called on the init error path cannot be __exit.
@called_elsewhere@
identifier ex.e;
@@
e(...)

@hasexit@
identifier ex.e;
attribute name __exit;
type T;
position p;
@@
__exit T e@p(...) { ... }

@addexit depends on patch && !called_elsewhere@
identifier ex.e;
position p != hasexit.p;
attribute name __exit;
@@
 void
+__exit
 e@p(...) { ... }

// Everything the exit function calls or uses must stay.
@used_by_exit@
identifier ex.e, g;
@@
e(...) { <+... g ...+> }

// Structures that outlive init: static, not annotated __initdata/__initconst.
@initstruct@
identifier s;
type T;
attribute name __initdata, __initconst;
position p;
@@
(
T s@p __initdata = ...;
|
T __initdata s@p = ...;
|
T s@p[] __initdata = ...;
|
T s@p __initconst = ...;
|
T __initconst s@p = ...;
|
T s@p[] __initconst = ...;
)

@used_by_struct@
identifier s, g, fld, fld2;
identifier S;
position p != initstruct.p;
@@
(
struct S s@p = { ..., .fld = g, ... };
|
struct S s@p = { ..., .fld = &g, ... };
|
struct S s@p = { ..., .fld = { ..., .fld2 = g, ... }, ... };
)

@initfn@
identifier g;
type T;
attribute name __init;
position p;
@@
__init T g@p(...) { ... }

@depends on patch@
identifier used_by_exit.g;
type T;
attribute name __init;
@@
-__init
 T g(...) { ... }

@depends on patch@
identifier used_by_struct.g;
type T;
attribute name __init;
@@
-__init
 T g(...) { ... }

@depends on patch@
identifier g = {used_by_exit.g, used_by_struct.g};
type T;
attribute name __initdata, __initconst;
@@
(
 T g
-__initdata
 = ...;
|
 T g[]
-__initdata
 = ...;
|
 T g
-__initconst
 = ...;
|
 T g[]
-__initconst
 = ...;
|
 T
-__initdata
 g = ...;
|
 T
-__initconst
 g = ...;
|
 T
-__initdata
 g;
)

// --------------------------------------------------------------------------

@rep depends on !patch && (context || org || report)@
identifier g = {used_by_exit.g, used_by_struct.g};
type T;
attribute name __init;
position p;
@@
*__init T g@p(...) { ... }

@script:python depends on org@
p << rep.p;
g << rep.g;
@@
coccilib.org.print_todo(p[0], "__init %s() is reachable after init once modular" % g)

@script:python depends on report@
p << rep.p;
g << rep.g;
@@
coccilib.report.print_report(p[0], "__init %s() is reachable after init once modular" % g)
