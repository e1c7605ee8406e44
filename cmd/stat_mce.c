// SPDX-License-Identifier: GPL-2.0-or-later
/* hwpoison stat: the machine-check side (mce-inject, the CPU vendor, the CEC, unpoison). */
#include <inttypes.h>
#include <stdio.h>

#include "stat.h"

static const char *vendor_words(const struct hwp_mce_info *m)
{
	if (!m->vendor_id[0])
		return NULL;
	return m->grades_action_optional ? "uncorrected memory errors can be action-optional"
					 : "uncorrected memory errors are never action-optional: "
					   "inject --method mce is refused";
}

/* mce-inject for scripts: "loaded", "installed" (hwpoison loads it) or "missing". */
static const char *inject_state(const struct hwp_mce_info *m)
{
	return m->inject_loaded ? "loaded" : m->inject_installed ? "installed" : "missing";
}

static const char *inject_words(const struct hwp_mce_info *m)
{
	return m->inject_loaded ? "loaded" : m->inject_installed ? "installed (hwpoison loads it)"
								 : "missing";
}

static void cec(struct out *o, const struct hwp_mce_info *m)
{
	const char *label = "corrected-error collector";
	if (!m->debugfs_known) {
		out_unknown(o, "cec", label, "unknown (debugfs not mounted)");
		return;
	}
	char line[160];
	if (!m->cec)
		snprintf(line, sizeof(line), "none (corrected errors are only logged)");
	else
		snprintf(line, sizeof(line), "threshold %" PRIu64 " errors per page, counts halved "
			 "every %" PRIu64 " s", m->cec_threshold, m->cec_decay_interval);
	out_object_line_begin(o, "cec", label, line);
	out_bool(o, "present", "present", m->cec);
	if (m->cec) {
		out_u64(o, "threshold", "threshold", m->cec_threshold);
		out_u64(o, "decay_interval", "decay interval", m->cec_decay_interval);
	}
	out_object_end(o);
}

/*
 * Whether unpoison still works: known disabled from hwpoison's own machine
 * checks or a refusal; probably disabled when the kernel counted a machine
 * check hwpoison did not raise (a hypervisor's, or real hardware's).
 */
static void unpoison_state(struct cli *cli, struct out *o, bool admin, bool supported,
			   int64_t exceptions)
{
	const char *label = "unpoison";
	if (!supported) {
		out_unknown(o, "unpoison_disabled", label,
			    "none (this kernel has no memory-failure support)");
		return;
	}
	int disabled = admin ? hwp_unpoison_disabled(cli->ctx) : -1;
	if (disabled < 0) {
		out_unknown(o, "unpoison_disabled", label, "unknown (needs root)");
	} else if (disabled) {
		out_bool_json(o, "unpoison_disabled", true);
		out_words(o, label, "disabled until reboot (a machine check happened)");
	} else if (exceptions > 0) {
		char words[256];
		snprintf(words, sizeof(words), "probably disabled until reboot: the kernel took %" PRId64
			 " machine-check exception%s this boot, and one that reached a page disables "
			 "unpoison", exceptions, exceptions == 1 ? "" : "s");
		out_unknown(o, "unpoison_disabled", label, words);
	} else {
		out_bool_json(o, "unpoison_disabled", false);
		out_words(o, label, exceptions == 0 ? "enabled (no machine check this boot)"
						    : "enabled (no machine check known this boot)");
	}
}

void stat_machine_checks(struct cli *cli, struct out *o, bool admin, bool supported)
{
	struct hwp_mce_info m;
	hwp_mce_info(cli->ctx, &m);
	out_object_begin(o, "machine_check", "machine checks");
	out_bool(o, "architecture", "x86 machine-check architecture", m.machine_check);
	if (m.machine_check) {
		char vendor[128];
		const char *words = vendor_words(&m);
		snprintf(vendor, sizeof(vendor), "%s%s%s%s", m.vendor_id, words ? " (" : "",
			 words ? words : "", words ? ")" : "");
		out_str_words(o, "vendor", "CPU vendor", m.vendor_id, vendor);
		out_bool_json(o, "action_optional", m.grades_action_optional);
		out_str_words(o, "mce_inject", "mce-inject", inject_state(&m), inject_words(&m));
		cec(o, &m);
		if (m.exceptions >= 0)
			out_u64(o, "exceptions", "exceptions this boot", (uint64_t)m.exceptions);
		else
			out_str(o, "exceptions", "exceptions this boot", NULL);
	}
	unpoison_state(cli, o, admin, supported, m.exceptions);
	out_object_end(o);
}
