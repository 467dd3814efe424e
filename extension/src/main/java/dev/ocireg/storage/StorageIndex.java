package dev.ocireg.storage;

import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.RepositoryName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/**
 * What {@link PathStorage} keeps in memory beside its files, so that a listing costs its page and a delete or a mount
 * the links of one digest, however much is stored: the repositories in order, per repository its tags in order (and
 * by digest) and the referrers of each subject in digest order (and per artifact type), and per digest the
 * repositories that link it as a blob or as a manifest. The files stay the source of truth; a directory storage
 * builds its index from them when it is opened.
 *
 * <p>Locks are the storage's: tags and referrers change under the repository lock, links under the digest's content
 * lock. Listings read the concurrent maps without a lock. A link set is read and changed only under its digest's
 * content lock.
 */
final class StorageIndex {

    /** Every repository that holds or held content, by name in ASCII order. */
    private final ConcurrentSkipListMap<String, Repo> repositories = new ConcurrentSkipListMap<>();
    /** Per digest, who links it; an entry goes when its last link does. */
    private final ConcurrentHashMap<Digest, Links> links = new ConcurrentHashMap<>();

    // ---------------------------------------------------------------- repositories

    /** Registers a repository; the same {@link RepositoryName} instance is kept for all its entries. */
    private Repo repo(RepositoryName name) {
        Repo repo = repositories.get(name.value());
        if (repo == null) {
            Repo fresh = new Repo(name);
            repo = repositories.putIfAbsent(name.value(), fresh);
            if (repo == null) {
                repo = fresh;
            }
        }
        return repo;
    }

    void addRepository(RepositoryName name) {
        repo(name);
    }

    /** At most {@code limit} repositories whose names sort after {@code after} (from the first when null). */
    List<RepositoryName> repositories(String after, int limit) {
        List<RepositoryName> page = new ArrayList<>(Math.min(limit, 1024));
        for (Repo repo : tail(repositories, after).values()) {
            if (page.size() >= limit) {
                break;
            }
            page.add(repo.name);
        }
        return page;
    }

    // ---------------------------------------------------------------- links (under the digest's content lock)

    void linkBlob(RepositoryName repository, Digest digest) {
        RepositoryName name = repo(repository).name;
        Links l = links.computeIfAbsent(digest, d -> new Links());
        l.blobs = SmallSet.add(l.blobs, name);
    }

    void unlinkBlob(RepositoryName repository, Digest digest) {
        Links l = links.get(digest);
        if (l != null) {
            l.blobs = SmallSet.remove(l.blobs, repository);
            dropIfUnlinked(digest, l);
        }
    }

    void linkManifest(RepositoryName repository, Digest digest) {
        RepositoryName name = repo(repository).name;
        Links l = links.computeIfAbsent(digest, d -> new Links());
        l.manifests = SmallSet.add(l.manifests, name);
    }

    void unlinkManifest(RepositoryName repository, Digest digest) {
        Links l = links.get(digest);
        if (l != null) {
            l.manifests = SmallSet.remove(l.manifests, repository);
            dropIfUnlinked(digest, l);
        }
    }

    private void dropIfUnlinked(Digest digest, Links l) {
        if (l.blobs == null && l.manifests == null) {
            links.remove(digest, l);
        }
    }

    /** True when some repository links {@code digest} as a blob or as a manifest. */
    boolean isLinked(Digest digest) {
        return links.containsKey(digest);
    }

    /** True when a repository that {@code source} accepts links {@code digest} as a blob. */
    boolean hasBlobLink(Digest digest, Predicate<RepositoryName> source) {
        Links l = links.get(digest);
        return l != null && SmallSet.anyMatch(l.blobs, source);
    }

    // ---------------------------------------------------------------- tags (under the repository lock)

    void putTag(RepositoryName repository, String tag, Digest digest) {
        Repo repo = repo(repository);
        if (repo.tags == null) {
            repo.tags = new ConcurrentSkipListMap<>();
            repo.tagsByDigest = new HashMap<>();
        }
        Digest before = repo.tags.put(tag, digest);
        if (before != null) {
            repo.tagsByDigest.computeIfPresent(before, (d, set) -> SmallSet.remove(set, tag));
        }
        repo.tagsByDigest.merge(digest, tag, (set, t) -> SmallSet.add(set, tag));
    }

    void removeTag(RepositoryName repository, String tag) {
        Repo repo = repositories.get(repository.value());
        if (repo == null || repo.tags == null) {
            return;
        }
        Digest before = repo.tags.remove(tag);
        if (before != null) {
            repo.tagsByDigest.computeIfPresent(before, (d, set) -> SmallSet.remove(set, tag));
        }
    }

    /** The tags that point at {@code digest}. */
    List<String> tagsOf(RepositoryName repository, Digest digest) {
        Repo repo = repositories.get(repository.value());
        if (repo == null || repo.tagsByDigest == null) {
            return List.of();
        }
        List<String> tags = new ArrayList<>();
        SmallSet.<String>forEach(repo.tagsByDigest.get(digest), tags::add);
        return tags;
    }

    /** At most {@code limit} tags that sort after {@code after} (from the first when null). */
    List<String> tags(RepositoryName repository, String after, int limit) {
        Repo repo = repositories.get(repository.value());
        NavigableMap<String, Digest> tags = repo == null ? null : repo.tags;
        if (tags == null) {
            return new ArrayList<>();
        }
        List<String> page = new ArrayList<>(Math.min(limit, 1024));
        for (String tag : tail(tags, after).keySet()) {
            if (page.size() >= limit) {
                break;
            }
            page.add(tag);
        }
        return page;
    }

    // ---------------------------------------------------------------- referrers (under the repository lock)

    void putReferrer(RepositoryName repository, Digest subject, Descriptor descriptor) {
        Repo repo = repo(repository);
        if (repo.referrers == null) {
            repo.referrers = new ConcurrentHashMap<>();
        }
        Referrers r = repo.referrers.computeIfAbsent(subject, s -> new Referrers());
        String key = descriptor.digest().toString();
        Descriptor before = r.all.put(key, descriptor);
        if (before != null && before.artifactType() != null) {
            r.remove(before.artifactType(), key);
        }
        if (descriptor.artifactType() != null) {
            r.byType
                    .computeIfAbsent(descriptor.artifactType(), t -> new ConcurrentSkipListMap<>())
                    .put(key, descriptor);
        }
    }

    void removeReferrer(RepositoryName repository, Digest subject, Digest referrer) {
        Repo repo = repositories.get(repository.value());
        Referrers r = repo == null || repo.referrers == null ? null : repo.referrers.get(subject);
        if (r == null) {
            return;
        }
        String key = referrer.toString();
        Descriptor before = r.all.remove(key);
        if (before != null && before.artifactType() != null) {
            r.remove(before.artifactType(), key);
        }
        if (r.all.isEmpty()) {
            repo.referrers.remove(subject, r);
        }
    }

    /**
     * At most {@code limit} referrers of {@code subject} whose digests sort after {@code after} (from the first when
     * null) and, unless {@code artifactTypes} is empty, whose artifact type is one of them; in digest order.
     */
    List<Descriptor> referrers(
            RepositoryName repository, Digest subject, Set<String> artifactTypes, String after, int limit) {
        Repo repo = repositories.get(repository.value());
        Map<Digest, Referrers> bySubject = repo == null ? null : repo.referrers;
        Referrers r = bySubject == null ? null : bySubject.get(subject);
        if (r == null) {
            return new ArrayList<>();
        }
        if (artifactTypes.isEmpty()) {
            return first(r.all, after, limit);
        }
        // Each referrer has one artifact type: the first `limit` of the union are among the first `limit` of each.
        List<Descriptor> page = new ArrayList<>();
        for (String type : artifactTypes) {
            NavigableMap<String, Descriptor> ofType = r.byType.get(type);
            if (ofType != null) {
                page.addAll(first(ofType, after, limit));
            }
        }
        if (artifactTypes.size() > 1) {
            page.sort(Comparator.comparing(d -> d.digest().toString()));
        }
        return page.size() > limit ? new ArrayList<>(page.subList(0, limit)) : page;
    }

    private static List<Descriptor> first(NavigableMap<String, Descriptor> map, String after, int limit) {
        List<Descriptor> page = new ArrayList<>(Math.min(limit, 1024));
        for (Descriptor d : tail(map, after).values()) {
            if (page.size() >= limit) {
                break;
            }
            page.add(d);
        }
        return page;
    }

    private static <V> NavigableMap<String, V> tail(NavigableMap<String, V> map, String after) {
        return after == null ? map : map.tailMap(after, false);
    }

    // ---------------------------------------------------------------- entries

    private static final class Repo {
        final RepositoryName name;
        /** Tag → digest in ASCII order; made with the first tag. */
        volatile ConcurrentSkipListMap<String, Digest> tags;
        /** Digest → its tags (one String or a Set); read and changed under the repository lock only. */
        Map<Digest, Object> tagsByDigest;
        /** Subject → its referrers; made with the first referrer. */
        volatile ConcurrentHashMap<Digest, Referrers> referrers;

        Repo(RepositoryName name) {
            this.name = name;
        }
    }

    private static final class Referrers {
        /** Digest (as text) → descriptor, in digest order. */
        final ConcurrentSkipListMap<String, Descriptor> all = new ConcurrentSkipListMap<>();
        /** The same, per artifact type; referrers without one are in {@link #all} only. */
        final ConcurrentHashMap<String, ConcurrentSkipListMap<String, Descriptor>> byType = new ConcurrentHashMap<>();

        void remove(String artifactType, String key) {
            ConcurrentSkipListMap<String, Descriptor> ofType = byType.get(artifactType);
            if (ofType != null) {
                ofType.remove(key);
                if (ofType.isEmpty()) {
                    byType.remove(artifactType, ofType);
                }
            }
        }
    }

    /** The repositories linking one digest: each field null, one {@link RepositoryName} or a set of them. */
    private static final class Links {
        Object blobs;
        Object manifests;
    }

    /**
     * A set that costs nothing when empty and one reference when it holds one element, the common case for links and
     * tags: null, the element itself, or a {@link HashSet} of two or more. Elements must not be sets.
     */
    static final class SmallSet {
        @SuppressWarnings("unchecked")
        static <T> Object add(Object set, T element) {
            if (set == null || set.equals(element)) {
                return element;
            }
            if (set instanceof HashSet<?> many) {
                ((HashSet<T>) many).add(element);
                return many;
            }
            HashSet<T> many = new HashSet<>(4);
            many.add((T) set);
            many.add(element);
            return many;
        }

        static Object remove(Object set, Object element) {
            if (set == null || set.equals(element)) {
                return null;
            }
            if (set instanceof HashSet<?> many) {
                many.remove(element);
                if (many.size() == 1) {
                    return many.iterator().next();
                }
                return many.isEmpty() ? null : many;
            }
            return set;
        }

        @SuppressWarnings("unchecked")
        static <T> boolean anyMatch(Object set, Predicate<? super T> test) {
            if (set == null) {
                return false;
            }
            if (set instanceof HashSet<?> many) {
                for (Object e : many) {
                    if (test.test((T) e)) {
                        return true;
                    }
                }
                return false;
            }
            return test.test((T) set);
        }

        @SuppressWarnings("unchecked")
        static <T> void forEach(Object set, java.util.function.Consumer<? super T> action) {
            anyMatch(set, (T e) -> {
                action.accept(e);
                return false;
            });
        }

        private SmallSet() {}
    }
}
