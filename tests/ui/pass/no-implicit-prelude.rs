// The generated code names everything by absolute path: it compiles in a module without
// the prelude, beside user types that shadow the prelude's names.
#![deny(warnings)]

mod endpoints {
    #![no_implicit_prelude]

    #[allow(dead_code)]
    pub struct Result;
    #[allow(dead_code)]
    pub struct Error;
    #[allow(dead_code)]
    pub struct Option;
    #[allow(dead_code)]
    pub struct String;
    #[allow(dead_code)]
    pub struct Vec;
    #[allow(dead_code)]
    pub struct Box;
    #[allow(dead_code)]
    pub trait Serialize {}
    #[allow(dead_code)]
    pub trait Future {}
    #[allow(dead_code)]
    pub trait Send {}
    #[allow(dead_code)]
    pub trait Default {}
    pub mod core {}
    pub mod serde {}
    pub mod std {}

    /// `GET /widget/{id}`
    #[::smooth_client::smooth_endpoint(GET, "/widget/{id}", response = ::std::vec::Vec<::std::string::String>)]
    #[derive(::serde::Serialize)]
    pub struct GetWidgetRequest {
        /// The widget.
        pub id: ::std::string::String,
        /// Query.
        pub page: ::core::option::Option<u32>,
    }

    /// `POST /widget/{id}/paint` (deprecated)
    #[::smooth_client::smooth_endpoint(POST, "/widget/{id}/paint", response = bool, deprecated = "no more paint")]
    #[derive(::serde::Serialize)]
    pub struct PaintWidgetRequest {
        /// The widget.
        pub id: ::std::string::String,
        /// Query.
        #[smooth(query)]
        pub dry_run: bool,
        /// Body.
        #[serde(skip_serializing_if = "::core::option::Option::is_none")]
        pub colour: ::core::option::Option<::std::string::String>,
    }

    /// `POST /widget/{id}/upload` (multipart)
    #[::smooth_client::smooth_endpoint(POST, "/widget/{id}/upload", response = bool, multipart)]
    pub struct UploadWidgetRequest {
        /// The widget.
        pub id: ::std::string::String,
        /// The file.
        pub file: ::smooth_client::multipart::FilePart,
    }

    pub async fn calls(
        client: &::smooth_client::SmoothClient,
    ) -> ::core::result::Result<(), ::smooth_client::Error> {
        let _: ::std::vec::Vec<::std::string::String> = client
            .get_widget(GetWidgetRequest { id: ::std::borrow::ToOwned::to_owned("w"), page: ::core::option::Option::None })
            .await?;
        #[allow(deprecated)]
        let _: bool = client
            .paint_widget(PaintWidgetRequest {
                id: ::std::borrow::ToOwned::to_owned("w"),
                dry_run: true,
                colour: ::core::option::Option::None,
            })
            .await?;
        let file = ::smooth_client::multipart::FilePart::bytes(&b"x"[..], "x.txt");
        let _: bool = client.upload_widget(UploadWidgetRequest { id: ::std::borrow::ToOwned::to_owned("w"), file }).await?;
        ::core::result::Result::Ok(())
    }
}

fn main() {
    let client = smooth_client::SmoothClient::new("cmzr-test").unwrap();
    drop(endpoints::calls(&client));
}
