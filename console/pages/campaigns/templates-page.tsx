import { CAMPAIGN_TEMPLATES, type CampaignTemplate } from '../../lib/campaign-templates.ts';
import { motionLabel } from '../../lib/labels.ts';
import { Link } from '../../lib/router.ts';

/** The playbook's plays to start a campaign from, so nobody has to know which trigger fits which motion. */
export function CampaignTemplatesPage() {
  return (
    <section>
      <div class="page-head">
        <h1>Start from a template</h1>
        <Link to="campaigns/new" class="button">
          Blank campaign
        </Link>
      </div>
      <p class="muted">
        Each template is a play from the attach playbook: a motion, the trigger that times it well and copy
        that sells its value. It opens in the editor, where you pick what to offer and adjust; nothing is
        saved until you save.
      </p>
      <ul class="template-list">
        {CAMPAIGN_TEMPLATES.map((t) => (
          <li key={t.key} class="card">
            <h2>{t.name}</h2>
            <p>
              <span class="badge">{motionLabel(t.motion)}</span>
            </p>
            <p>{t.summary}</p>
            <Link to={`campaigns/new?template=${t.key}`} class="button primary">
              Use template<span class="sr-only"> {t.name}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Above the editor of a campaign opened from a template: what is left to the product manager, or,
 * for an address naming no template (an old link), that the campaign starts blank.
 */
export function TemplateNotice({
  requested,
  template,
}: {
  requested: string;
  template: CampaignTemplate | undefined;
}) {
  return template ? (
    <p class="notice">
      Started from the template <strong>{template.name}</strong>. Choose what to offer under Target, check
      that the trigger names events and metrics your product sends (a field flags one it has never seen) and
      adjust the copy. Nothing is saved until you save.{' '}
      <Link to="campaigns/templates">Choose another template</Link>
    </p>
  ) : (
    <p class="notice">
      There is no template “{requested}”: this campaign starts blank.{' '}
      <Link to="campaigns/templates">Choose a template</Link>
    </p>
  );
}
