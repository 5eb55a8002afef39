/**
 * The {@code json} data type: {@link io.conduit.formats.json.JsonDataType}, built by
 * {@link io.conduit.formats.json.JsonDataTypeFactory} from {@link io.conduit.formats.json.JsonOptions}.
 *
 * <h2>Paths</h2>
 * A path is a JSON Pointer (RFC 6901) with two additions:
 * <ul>
 *   <li>{@code ""} is the whole document; otherwise every segment follows a {@code /}:
 *       {@code /patient/name/0/family}. In a member name, {@code ~1} stands for {@code /} and
 *       {@code ~0} for {@code ~}: {@code /a~1b} is the member {@code a/b}.</li>
 *   <li>On an array, a number is an <b>index from 0</b>, as in RFC 6901: {@code /items/0} is the
 *       first item. {@code -} is the place after the last item: writing there appends.</li>
 *   <li><b>Positions in brackets count from 1</b>: {@code /items[1]} is the first item of the array
 *       in {@code items}, as {@code OBX[1]} is the first OBX in HL7 v2 and {@code item[1]} the first
 *       element in XPath. When the member holds a single value rather than an array, {@code [1]}
 *       is that value.</li>
 *   <li>{@code *} as a whole segment matches every item of an array or member of an object
 *       (<code>/observations/&#42;/value</code>), and {@code [*]} every position ({@code /observations[*]/value}).
 *       {@code getAll} reads every match; {@code paths} expands to concrete paths in the same
 *       style: {@code /observations/0/value} for {@code *}, {@code /observations[1]/value} for
 *       {@code [*]}.</li>
 * </ul>
 *
 * <h2>Which index to use in {@code forEach}</h2>
 * The loop variable of {@code forEach} counts from 1, as it does for every data type. Write it in
 * brackets, {@code /items[{i}]/code}, and it names the i-th item: the same rule as
 * {@code OBX[{i}]-5} in HL7 v2 and {@code /order/item[{i}]/code} in XML. Do <b>not</b> write
 * {@code /items/{i}/code}: a bare number is a JSON Pointer index from 0, so that path would skip
 * the first item and append a new one at the end. For the same reason a template's wildcard
 * target is written with brackets ({@code /observations[*]/value: OBX[*]-5}): each match then
 * fills the next position, creating the array and its items as needed.
 *
 * <h2>Reading and writing</h2>
 * <ul>
 *   <li>{@code get} gives a string's text, a number or boolean in its JSON form, an object or array
 *       as compact JSON; {@code null} and absent members give nothing. A wildcard path is refused.</li>
 *   <li>{@code with} always writes a JSON <b>string</b> (a step's value is text). It creates what is
 *       missing: an array when the next segment is an index, {@code -} or a bracket position, an
 *       object otherwise. An array grows only at its end (index equal to its size, {@code -}, or
 *       the position after the last); writing further is an error.</li>
 *   <li>{@code without} removes a member or an item (later items move up), every match of a
 *       wildcard path; removing what is absent changes nothing.</li>
 *   <li>{@code count} is an array's size, 1 for any other value, 0 when absent or {@code null}.</li>
 * </ul>
 * Member names that are exactly {@code *}, or end in {@code [digits]} or {@code [*]}, cannot be
 * addressed, since those forms are the wildcard and positions.
 *
 * <h2>Input</h2>
 * UTF-8 only (RFC 8259); duplicate member names in one object, content after the value and
 * anything beyond {@code maxBytes} or {@code maxDepth} are rejected with the line and column, and
 * without quoting content. An unmodified message keeps its received bytes; a modified one is
 * written compactly in UTF-8.
 */
@NullMarked
package io.conduit.formats.json;

import org.jspecify.annotations.NullMarked;
