import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { type Bundle, BundleInput, type Product, ProductInput } from '../../shared/catalog.ts';
import { MultiCheckField, NumberField, SelectField, TextField } from '../components/fields.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { ApiFailure, api, errorMessage } from '../lib/api.ts';
import { FormContext, issuesToErrors, type Path, setIn } from '../lib/form.ts';
import { money } from '../lib/format.ts';
import { canEdit, useSession } from '../lib/session.ts';
import { useResource } from '../lib/use-resource.ts';

const ROLES = [
  ['anchor', 'Anchor (entry product)'],
  ['attach', 'Attach (adjacent need)'],
  ['strategic', 'Strategic (platform)'],
  ['sunset', 'Sunset (never promoted)'],
] as const;

/** A small create form validated by the shared schema before anything is sent. */
function CreateForm<T>(props: {
  title: string;
  schema: {
    safeParse: (
      v: unknown,
    ) =>
      | { success: true; data: T }
      | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
  };
  initial: Record<string, unknown>;
  path: string;
  onCreated: () => void;
  children: ComponentChildren;
}) {
  const [value, setValue] = useState(props.initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    const parsed = props.schema.safeParse(value);
    if (!parsed.success) {
      setErrors(issuesToErrors(parsed.error.issues));
      setMessage('Nothing was saved: fix the highlighted fields.');
      return;
    }
    try {
      await api('POST', props.path, parsed.data);
      setErrors({});
      setValue(props.initial);
      setMessage('Created.');
      props.onCreated();
    } catch (err) {
      if (err instanceof ApiFailure) setErrors(issuesToErrors(err.issues));
      setMessage(`Nothing was saved: ${errorMessage(err)}`);
    }
  };
  const set = (path: Path, next: unknown) => setValue((v) => setIn(v, path, next));
  return (
    <FormContext.Provider value={{ value, set, errors, readOnly: false }}>
      <form class="card" onSubmit={submit} noValidate aria-label={props.title}>
        <h2>{props.title}</h2>
        <div class="grid">{props.children}</div>
        <button type="submit" class="primary">
          Create
        </button>
        <output aria-live="polite">{message}</output>
      </form>
    </FormContext.Provider>
  );
}

export function CatalogPage() {
  const { session } = useSession();
  const products = useResource<{ data: Product[] }>('/v1/admin/products?limit=200');
  const bundles = useResource<{ data: Bundle[] }>('/v1/admin/bundles?limit=200');
  const list = products.data?.data ?? [];
  const options = list.map((p) => [p.key, p.name] as const);
  const nameOf = (key: string) => list.find((p) => p.key === key)?.name ?? key;
  return (
    <section>
      <h1>Products &amp; bundles</h1>
      {products.error && <p class="field-error">{products.error}</p>}
      <TableWrap label="Products">
        <table>
          <caption>Products</caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Role</th>
              <th scope="col" class="num">
                Price
              </th>
              <th scope="col">Prerequisites</th>
              <th scope="col" class="num">
                Trial
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  {p.name} <code>{p.key}</code>
                  {p.plan && <span class="hint"> · plan {p.plan}</span>}
                </th>
                <td>
                  <span class={`badge ${p.role}`}>{p.role}</span>
                </td>
                <td class="num">
                  {money(p.price.amount, p.price.currency)} / {p.price.interval}
                </td>
                <td>{p.prerequisites.map(nameOf).join(', ') || '—'}</td>
                <td class="num">{p.trialDays ? `${p.trialDays} days` : 'none'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <TableWrap label="Bundles">
        <table>
          <caption>Bundles</caption>
          <thead>
            <tr>
              <th scope="col">Bundle</th>
              <th scope="col">Products</th>
              <th scope="col" class="num">
                Discount
              </th>
            </tr>
          </thead>
          <tbody>
            {(bundles.data?.data ?? []).map((b) => (
              <tr key={b.id}>
                <th scope="row">
                  {b.name} <code>{b.key}</code>
                </th>
                <td>{b.productKeys.map(nameOf).join(' + ')}</td>
                <td class="num">{b.discountPercent}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {canEdit(session) && (
        <div class="two-col">
          <CreateForm
            title="New product"
            schema={ProductInput}
            path="/v1/admin/products"
            onCreated={products.reload}
            initial={{
              key: '',
              name: '',
              role: 'attach',
              price: { amount: 0, currency: 'USD', interval: 'month' },
              prerequisites: [],
              trialDays: 14,
            }}
          >
            <TextField path={['key']} label="Key" hint="lowercase, e.g. reports" />
            <TextField path={['name']} label="Name" />
            <SelectField path={['role']} label="Role" options={ROLES} />
            <NumberField path={['price', 'amount']} label="Price (cents)" min={0} />
            <TextField path={['price', 'currency']} label="Currency" hint="ISO code, e.g. USD" />
            <SelectField
              path={['price', 'interval']}
              label="Interval"
              options={[
                ['month', 'per month'],
                ['year', 'per year'],
              ]}
            />
            <NumberField path={['trialDays']} label="Trial days" min={0} max={90} />
            <TextField
              path={['plan']}
              label="Plan (optional)"
              hint="when this product is a subscription tier: the plan name accounts carry, e.g. starter. A tier upgrade credits it and replaces it"
            />
            <MultiCheckField path={['prerequisites']} label="Prerequisites" options={options} />
            <TextField path={['description']} label="Description" multiline />
          </CreateForm>
          <CreateForm
            title="New bundle"
            schema={BundleInput}
            path="/v1/admin/bundles"
            onCreated={bundles.reload}
            initial={{ key: '', name: '', productKeys: [], discountPercent: 20 }}
          >
            <TextField path={['key']} label="Key" />
            <TextField path={['name']} label="Name" />
            <MultiCheckField path={['productKeys']} label="Products (2 or more)" options={options} />
            <NumberField
              path={['discountPercent']}
              label="Discount %"
              min={0}
              max={90}
              hint="15–30% moves people; under 10% does not"
            />
          </CreateForm>
        </div>
      )}
    </section>
  );
}
