//! The routes of the app: the part of the address after `#`, so a reload stays where it was.

/// A screen of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Route {
    List,
    Declare,
    Settings,
    Actions,
    Metrics,
    Drills,
    Preview,
    Maintenance,
    Incident(String),
}

impl Route {
    /// The route of a location hash (`#/settings`); anything unknown is the list.
    pub(crate) fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#');
        // A query (`#/new?title=…`, a link from an alert) is the screen's own business.
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        match path {
            // `#/declare?…` is the same form, by the name alert recipes may use.
            "/new" | "/declare" => Route::Declare,
            "/settings" => Route::Settings,
            "/actions" => Route::Actions,
            "/metrics" => Route::Metrics,
            "/drills" => Route::Drills,
            "/preview" => Route::Preview,
            "/maintenance" => Route::Maintenance,
            h => match h.strip_prefix("/incident/") {
                Some(id) => Route::Incident(id.to_owned()),
                None => Route::List,
            },
        }
    }

    /// The route's address, for a link (`#/incident/<id>`).
    pub(crate) fn href(&self) -> String {
        match self {
            Route::List => "#/".to_owned(),
            Route::Declare => "#/new".to_owned(),
            Route::Settings => "#/settings".to_owned(),
            Route::Actions => "#/actions".to_owned(),
            Route::Metrics => "#/metrics".to_owned(),
            Route::Drills => "#/drills".to_owned(),
            Route::Preview => "#/preview".to_owned(),
            Route::Maintenance => "#/maintenance".to_owned(),
            Route::Incident(id) => format!("#/incident/{id}"),
        }
    }
}
