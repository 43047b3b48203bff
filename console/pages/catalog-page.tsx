import { useState } from 'preact/hooks';
import {
  type Bundle,
  BundleInput,
  BundlePatch,
  type Product,
  ProductInput,
  ProductPatch,
} from '../../shared/catalog.ts';
import { MoneyField, MultiCheckField, NumberField, SelectField, TextField } from '../components/fields.tsx';
import { HistoryLink } from '../components/history-link.tsx';
import { SchemaForm } from '../components/schema-form.tsx';
import { TableWrap } from '../components/table-wrap.tsx';

import { useField } from '../lib/form.ts';
import { money } from '../lib/format.ts';
import { canEdit, useSession } from '../lib/session.ts';
import { useEveryPage } from '../lib/use-resource.ts';

const ROLES = [
  ['anchor', 'Anchor (entry product)'],
  ['attach', 'Attach (adjacent need)'],
  ['strategic', 'Strategic (platform)'],
  ['sunset', 'Sunset (never promoted)'],
] as const;

type Option = readonly [string, string];

/** The fields of a product, in the create form (with its key) and the edit form (the key is fixed). */
function ProductFields({ withKey, options }: { withKey: boolean; options: readonly Option[] }) {
  const currency = useField<string>(['price', 'currency']).value;
  return (
    <>
      {withKey && <TextField path={['key']} label="Key" hint="lowercase, e.g. reports" />}
      <TextField path={['name']} label="Name" />
      <SelectField path={['role']} label="Role" options={ROLES} />
      <MoneyField path={['price', 'amount']} label="Price" currency={currency} />
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
    </>
  );
}

/** Changes one product; an emptied plan is sent as null, so the product stops being a plan. */
function EditProduct(props: {
  product: Product;
  options: readonly Option[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const { id: _id, key, createdAt: _c, updatedAt: _u, ...fields } = props.product;
  return (
    <SchemaForm
      title={`Edit ${props.product.name}`}
      schema={ProductPatch}
      initial={{ ...fields, plan: fields.plan ?? undefined }}
      method="PATCH"
      path={`/v1/admin/products/${encodeURIComponent(key)}`}
      submitLabel="Save product"
      prepare={(patch) => ({ ...patch, plan: patch.plan ?? null })}
      onDone={props.onDone}
      onCancel={props.onCancel}
    >
      <ProductFields withKey={false} options={props.options.filter(([k]) => k !== key)} />
    </SchemaForm>
  );
}

/** The fields of a bundle, in the create form (with its key) and the edit form (the key is fixed). */
function BundleFields({ withKey, options }: { withKey: boolean; options: readonly Option[] }) {
  return (
    <>
      {withKey && <TextField path={['key']} label="Key" />}
      <TextField path={['name']} label="Name" />
      <MultiCheckField path={['productKeys']} label="Products (2 or more)" options={options} />
      <NumberField
        path={['discountPercent']}
        label="Discount %"
        min={0}
        max={90}
        hint="15–30% moves people; under 10% does not"
      />
      <TextField path={['description']} label="Description" multiline />
    </>
  );
}

/** Changes one bundle; the API refuses a sunset product while an active campaign targets it. */
function EditBundle(props: {
  bundle: Bundle;
  options: readonly Option[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const { id: _id, key, createdAt: _c, updatedAt: _u, ...fields } = props.bundle;
  return (
    <SchemaForm
      title={`Edit ${props.bundle.name}`}
      schema={BundlePatch}
      initial={fields}
      method="PATCH"
      path={`/v1/admin/bundles/${encodeURIComponent(key)}`}
      submitLabel="Save bundle"
      onDone={props.onDone}
      onCancel={props.onCancel}
    >
      <BundleFields withKey={false} options={props.options} />
    </SchemaForm>
  );
}

export function CatalogPage() {
  const { session } = useSession();
  const products = useEveryPage<Product>('/v1/admin/products?limit=200');
  const bundles = useEveryPage<Bundle>('/v1/admin/bundles?limit=200');
  const list = products.data?.data ?? [];
  const options = list.map((p) => [p.key, p.name] as const);
  const nameOf = (key: string) => list.find((p) => p.key === key)?.name ?? key;
  const editable = canEdit(session);
  const [editing, setEditing] = useState<{ kind: 'product' | 'bundle'; key: string } | null>(null);
  const editedProduct = editing?.kind === 'product' ? list.find((p) => p.key === editing.key) : undefined;
  const editedBundle =
    editing?.kind === 'bundle' ? bundles.data?.data.find((b) => b.key === editing.key) : undefined;
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
              <th scope="col">
                <span class="sr-only">Actions</span>
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
                <td>
                  {editable && (
                    <>
                      <button
                        type="button"
                        class="link"
                        onClick={() => setEditing({ kind: 'product', key: p.key })}
                      >
                        Edit<span class="sr-only"> {p.name}</span>
                      </button>{' '}
                    </>
                  )}
                  <HistoryLink type="product" id={p.key} name={p.name} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {editedProduct && (
        <EditProduct
          key={editedProduct.id}
          product={editedProduct}
          options={options}
          onDone={() => {
            setEditing(null);
            products.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
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
              <th scope="col">
                <span class="sr-only">Actions</span>
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
                <td>
                  {editable && (
                    <>
                      <button
                        type="button"
                        class="link"
                        onClick={() => setEditing({ kind: 'bundle', key: b.key })}
                      >
                        Edit<span class="sr-only"> {b.name}</span>
                      </button>{' '}
                    </>
                  )}
                  <HistoryLink type="bundle" id={b.key} name={b.name} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {editedBundle && (
        <EditBundle
          key={editedBundle.id}
          bundle={editedBundle}
          options={options}
          onDone={() => {
            setEditing(null);
            bundles.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      {editable && (
        <div class="two-col">
          <SchemaForm
            title="New product"
            schema={ProductInput}
            method="POST"
            path="/v1/admin/products"
            submitLabel="Create"
            onDone={products.reload}
            initial={{
              key: '',
              name: '',
              role: 'attach',
              price: { amount: 0, currency: 'USD', interval: 'month' },
              prerequisites: [],
              trialDays: 14,
            }}
          >
            <ProductFields withKey options={options} />
          </SchemaForm>
          <SchemaForm
            title="New bundle"
            schema={BundleInput}
            method="POST"
            path="/v1/admin/bundles"
            submitLabel="Create"
            onDone={bundles.reload}
            initial={{ key: '', name: '', productKeys: [], discountPercent: 20 }}
          >
            <BundleFields withKey options={options} />
          </SchemaForm>
        </div>
      )}
    </section>
  );
}
