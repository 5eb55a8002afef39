package io.conduit.formats.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.formats.json.JsonPath.AnyChild;
import io.conduit.formats.json.JsonPath.Member;
import io.conduit.formats.json.JsonPath.Positioned;
import org.junit.jupiter.api.Test;

class JsonPathTest {

    @Test
    void parse_emptyPath_isTheWholeDocument() {
        assertThat(JsonPath.parse("").segments()).isEmpty();
    }

    @Test
    void parse_pointer_givesMembersInOrder() {
        assertThat(JsonPath.parse("/patient/name/0/family").segments())
                .containsExactly(new Member("patient"), new Member("name"), new Member("0"), new Member("family"));
    }

    @Test
    void parse_escapes_followRfc6901() {
        assertThat(JsonPath.parse("/a~1b/m~0n/~01").segments())
                .containsExactly(new Member("a/b"), new Member("m~n"), new Member("~1"));
    }

    @Test
    void parse_slashAlone_isTheEmptyMemberName() {
        assertThat(JsonPath.parse("/").segments()).containsExactly(new Member(""));
    }

    @Test
    void parse_wildcardAndPositions_areRecognised() {
        assertThat(JsonPath.parse("/obs/*/value").segments()).containsExactly(new Member("obs"), new AnyChild(), new Member("value"));
        assertThat(JsonPath.parse("/obs[2]/value").segments()).containsExactly(new Positioned("obs", 2), new Member("value"));
        assertThat(JsonPath.parse("/obs[*]").segments()).containsExactly(new Positioned("obs", 0));
        assertThat(JsonPath.parse("/obs[*]").hasWildcard()).isTrue();
        assertThat(JsonPath.parse("/obs[2]").hasWildcard()).isFalse();
    }

    @Test
    void member_index_onlyForRfc6901Indexes() {
        assertThat(new Member("0").index()).isZero();
        assertThat(new Member("12").index()).isEqualTo(12);
        assertThat(new Member("01").index()).isEqualTo(-1);
        assertThat(new Member("-1").index()).isEqualTo(-1);
        assertThat(new Member("99999999999").index()).isEqualTo(-1);
        assertThat(new Member("-").isAppend()).isTrue();
    }

    @Test
    void parse_noLeadingSlash_isRefused() {
        assertThatThrownBy(() -> JsonPath.parse("patient/name")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with '/'");
    }

    @Test
    void parse_badEscape_isRefused() {
        assertThatThrownBy(() -> JsonPath.parse("/a~2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'~' must be followed by 0");
        assertThatThrownBy(() -> JsonPath.parse("/a~")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parse_positionZero_isRefusedWithTheRule() {
        assertThatThrownBy(() -> JsonPath.parse("/items[0]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count from 1");
    }

    @Test
    void escape_and_render_roundTrip() {
        JsonPath path = JsonPath.parse("/a~1b/x~0y/items[3]/*");
        StringBuilder sb = new StringBuilder();
        for (JsonPath.Segment s : path.segments()) {
            sb.append('/').append(JsonPath.render(s));
        }
        assertThat(sb).hasToString("/a~1b/x~0y/items[3]/*");
    }
}
